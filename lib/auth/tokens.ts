import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { config } from '../config';
import { getDb, withTransaction } from '../db/client';
import { oneTimeTokens, users, type TokenKind } from '../db/schema';

const LIFETIME_HOURS: Record<TokenKind, number> = { invite: 7 * 24, reset: 2 };
const PATH: Record<TokenKind, string> = { invite: '/invite', reset: '/reset' };

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Creates a one-time link; the secret lives only in the returned URL. Links
 * of the same kind given out before stop working: only the newest is valid.
 * The row records who created it (an admin is named to the person at their
 * next sign-in).
 */
export async function createOneTimeLink(userId: string, kind: TokenKind, createdBy: string | null): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await withTransaction(async (tx) => {
    await tx
      .update(oneTimeTokens)
      .set({ usedAt: new Date() })
      .where(and(eq(oneTimeTokens.userId, userId), eq(oneTimeTokens.kind, kind), isNull(oneTimeTokens.usedAt)));
    await tx.insert(oneTimeTokens).values({
      userId,
      kind,
      tokenHash: hashToken(token),
      createdBy,
      expiresAt: new Date(Date.now() + LIFETIME_HOURS[kind] * 3600_000),
    });
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

/**
 * Uses the link up and sets the password, in one transaction: every other
 * link still open for the person stops working, and every session signed in
 * before now ends. False when another request used the link first.
 */
export async function setPasswordWithLink(token: { id: string; userId: string }, passwordHash: string): Promise<boolean> {
  return withTransaction(async (tx) => {
    const now = new Date();
    const used = await tx
      .update(oneTimeTokens)
      .set({ usedAt: now })
      .where(and(eq(oneTimeTokens.id, token.id), isNull(oneTimeTokens.usedAt)))
      .returning({ id: oneTimeTokens.id });
    if (used.length === 0) return false;
    await tx.update(oneTimeTokens).set({ usedAt: now }).where(and(eq(oneTimeTokens.userId, token.userId), isNull(oneTimeTokens.usedAt)));
    await tx.update(users).set({ passwordHash, sessionsValidFrom: now }).where(eq(users.id, token.userId));
    return true;
  });
}
