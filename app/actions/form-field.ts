/** A form field as a string ('' when absent). */
export function field(form: FormData, name: string): string {
  return String(form.get(name) ?? '');
}
