// Provider credentials (bring your own key) are stored encrypted with AES-256-GCM under TOLLGATE_ENCRYPTION_KEY.
// api encrypts when a credential is created; the router decrypts when it uses one. The ciphertext is bound to its
// row (credential id and project id are the additional authenticated data), so a ciphertext copied into another
// row or project fails to decrypt instead of lending its key.
//
// Stored form: `v1.<iv>.<tag>.<ciphertext>`, each part base64url. Hazard: rotating TOLLGATE_ENCRYPTION_KEY makes
// existing credentials unreadable; there is no re-encryption command yet.

import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

const VERSION = 'v1';
const IV_BYTES = 12;

/** The row a ciphertext belongs to. */
export interface CredentialBinding {
  id: string;
  projectId: string;
}

/**
 * TOLLGATE_ENCRYPTION_KEY as 32 bytes: 64 hex characters, or base64 / base64url of 32 bytes. Throws a message
 * that never contains the value.
 */
export function decodeEncryptionKey(text: string): Buffer {
  const s = text.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(s) ? Buffer.from(s, 'hex') : /^[A-Za-z0-9+/_-]{43}={0,1}$/.test(s) ? Buffer.from(s, 'base64') : Buffer.alloc(0);
  if (bytes.length !== 32) {
    throw new Error('the encryption key must be 32 bytes, as 64 hex characters or base64 (e.g. `openssl rand -base64 32`)');
  }
  return bytes;
}

export function encryptCredential(key: Uint8Array, plaintext: string, bind: CredentialBinding, iv: Uint8Array = randomBytes(IV_BYTES)): string {
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad(bind));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [VERSION, b64(iv), b64(cipher.getAuthTag()), b64(ct)].join('.');
}

/** The plaintext provider key; throws when the key is wrong, the text was altered or it belongs to another row. */
export function decryptCredential(key: Uint8Array, stored: string, bind: CredentialBinding): string {
  const [version, iv, tag, ct, ...rest] = stored.split('.');
  if (version !== VERSION || ct === undefined || rest.length) throw new Error('unknown credential format');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(aad(bind));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
  } catch (err) {
    throw new Error('credential cannot be decrypted (wrong TOLLGATE_ENCRYPTION_KEY, or altered)', { cause: err });
  }
}

/** Safe to show: `sha256:` and the first 12 hex digits of the key's sha256 (compare with `printf %s "$KEY" | sha256sum`). */
export function credentialFingerprint(plaintext: string): string {
  return `sha256:${createHash('sha256').update(plaintext, 'utf8').digest('hex').slice(0, 12)}`;
}

export interface ProviderCredential {
  id: string;
  name: string;
  provider: string;
  baseUrl: string | undefined;
  apiKey: string;
}

/** A project's credential by name, decrypted (for the router); undefined when there is none. */
export async function loadCredential(db: Kysely<Database>, key: Uint8Array, projectId: string, name: string): Promise<ProviderCredential | undefined> {
  const row = await db
    .selectFrom('provider_credentials')
    .select(['id', 'name', 'provider', 'base_url', 'secret'])
    .where('project_id', '=', projectId)
    .where('name', '=', name)
    .executeTakeFirst();
  if (!row) return undefined;
  const apiKey = decryptCredential(key, row.secret, { id: row.id, projectId });
  return { id: row.id, name: row.name, provider: row.provider, baseUrl: row.base_url ?? undefined, apiKey };
}

function aad(b: CredentialBinding): Buffer {
  return Buffer.from(`tollgate.credential.v1:${b.projectId}:${b.id}`, 'utf8');
}

function b64(b: Uint8Array): string {
  return Buffer.from(b).toString('base64url');
}
