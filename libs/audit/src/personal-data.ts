import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/*
 * Personal data in an append-only, hash-chained log (docs/privacy.md): the
 * personal fields of an event are stored sealed — encrypted with AES-256-GCM
 * under a key of the person they are about — and the hash covers the sealed
 * text. Deleting the person's key erases those fields everywhere they were
 * copied (the log, the views, exports, backups of either) while every hash
 * still verifies: nothing stored changes.
 *
 * A sealed value is one string:
 *
 *   sealed:v1:<subject>:<base64url of 12-byte IV ‖ ciphertext ‖ 16-byte tag>
 *
 * `<subject>` names the person's key: HMAC-SHA-256 (hex) of their normalised
 * e-mail address under a secret index key, so the same person has the same
 * key in every stream without their address appearing anywhere. The
 * additional authenticated data is `sealed:v1:<subject>`: a sealed value
 * opens only under its own subject's key.
 */

/** What a sealed value reads as once its key is gone. */
export const FORGOTTEN = 'forgotten user';

const PREFIX = 'sealed:v1:';
const SEALED = /^sealed:v1:([0-9a-f]{64}):([A-Za-z0-9_-]+)$/;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * The event data fields that hold personal data, by event type. Every such
 * event carries the person's `email`: it names their key. Everything else an
 * event holds about a person is their user id (a random UUID, meaningless
 * once their personal data is gone).
 */
export const PERSONAL_FIELDS: Readonly<Record<string, readonly string[]>> = {
  UserRegistered: ['email', 'name', 'passwordHash'],
  EmailClaimed: ['email'],
  MemberInvited: ['email'],
  MemberJoined: ['email'],
};

/** A fresh random key: for a person, or the index key. */
export function newKey(): Buffer {
  return randomBytes(32);
}

/** The subject (key name) of the person with this normalised e-mail address. */
export function subjectOf(indexKey: Buffer, normalizedEmail: string): string {
  return createHmac('sha256', indexKey).update(normalizedEmail, 'utf8').digest('hex');
}

export function isSealed(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(PREFIX);
}

/** The subject whose key opens a sealed value; `null` for any other value. */
export function sealedSubject(value: unknown): string | null {
  if (!isSealed(value)) return null;
  return SEALED.exec(value)?.[1] ?? null;
}

/** Seals a value under the subject's key. */
export function seal(key: Buffer, subject: string, plaintext: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(`${PREFIX}${subject}`, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${PREFIX}${subject}:${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')}`;
}

/**
 * What a value reads as: a value that is not sealed as itself; a sealed one
 * opened with its subject's key, or `FORGOTTEN` when the key is gone (`null`)
 * or is not the one it was sealed with.
 */
export function unseal(key: Buffer | null, value: string): string {
  const match = SEALED.exec(value);
  if (match === null) return isSealed(value) ? FORGOTTEN : value;
  if (key === null) return FORGOTTEN;
  const bytes = Buffer.from(match[2]!, 'base64url');
  if (bytes.length < IV_BYTES + TAG_BYTES) return FORGOTTEN;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(`${PREFIX}${match[1]}`, 'utf8'));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    return FORGOTTEN;
  }
}
