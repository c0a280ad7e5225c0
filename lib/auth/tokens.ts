import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { config } from '../config';
import { getDb } from '../db/client';
import { oneTimeTokens, type TokenKind } from '../db/schema';

const LIFETIME_HOURS: Record<TokenKind, number> = { invite: 7 * 24, reset: 2 };
const PATH: Record<TokenKind, string> = { invite: '/invite', reset: '/reset' };

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Creates a one-time link; the secret lives only in the returned URL. */
export async function createOneTimeLink(userId: string, kind: TokenKind, createdBy: string | null): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await getDb()
    .insert(oneTimeTokens)
    .values({
      userId,
      kind,
      tokenHash: hashToken(token),
      createdBy,
      expiresAt: new Date(Date.now() + LIFETIME_HOURS[kind] * 3600_000),
    });
  return `${config.publicUrl}${PATH[kind]}/${token}`;
}

/** The token's user when it is valid, unused and unexpired; null otherwise. */
export async function findValidToken(token: string, kind: TokenKind): Promise<{ id: string; userId: string } | null> {
  const [row] = await getDb()
    .select({ id: oneTimeTokens.id, userId: oneTimeTokens.userId })
    .from(oneTimeTokens)
    .where(
      and(
        eq(oneTimeTokens.tokenHash, hashToken(token)),
        eq(oneTimeTokens.kind, kind),
        isNull(oneTimeTokens.usedAt),
        gt(oneTimeTokens.expiresAt, new Date()),
      ),
    );
  return row ?? null;
}

/** Marks the token used; false when another request used it first. */
export async function consumeToken(tokenId: string): Promise<boolean> {
  const used = await getDb()
    .update(oneTimeTokens)
    .set({ usedAt: new Date() })
    .where(and(eq(oneTimeTokens.id, tokenId), isNull(oneTimeTokens.usedAt)))
    .returning({ id: oneTimeTokens.id });
  return used.length === 1;
}
