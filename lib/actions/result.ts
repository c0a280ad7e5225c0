/** What a server action returns to its form. */
export type ActionResult = { ok?: boolean; error?: string; message?: string; link?: string; id?: string };

export const NOT_FOUND: ActionResult = { error: 'Not found.' };
