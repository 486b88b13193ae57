import { describe, expect, it } from 'vitest';
import { credentialFingerprint, decodeEncryptionKey, decryptCredential, encryptCredential } from './credentials.ts';

const KEY = Buffer.alloc(32, 7);
const BIND = { id: 'c1', projectId: 'p1' };

describe('decodeEncryptionKey', () => {
  it('accepts 32 bytes as hex, base64 or base64url', () => {
    expect(decodeEncryptionKey(KEY.toString('hex'))).toEqual(KEY);
    expect(decodeEncryptionKey(KEY.toString('base64'))).toEqual(KEY);
    expect(decodeEncryptionKey(Buffer.alloc(32, 255).toString('base64url'))).toEqual(Buffer.alloc(32, 255));
  });

  it('refuses other lengths without echoing the value', () => {
    for (const bad of ['abc', 'zz'.repeat(32), Buffer.alloc(16).toString('base64'), Buffer.alloc(33).toString('hex')]) {
      expect(() => decodeEncryptionKey(bad), bad).toThrow(/32 bytes/);
      try {
        decodeEncryptionKey(bad);
      } catch (err) {
        expect((err as Error).message).not.toContain(bad);
      }
    }
  });
});

describe('credential encryption', () => {
  it('round-trips, and never stores the plaintext', () => {
    const stored = encryptCredential(KEY, 'sk-secret', BIND);
    expect(stored).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(stored).not.toContain('sk-secret');
    expect(decryptCredential(KEY, stored, BIND)).toBe('sk-secret');
    expect(encryptCredential(KEY, 'sk-secret', BIND)).not.toBe(stored); // a fresh IV each time
  });

  it('fails under another key, another row, or after tampering', () => {
    const stored = encryptCredential(KEY, 'sk-secret', BIND);
    expect(() => decryptCredential(Buffer.alloc(32, 8), stored, BIND)).toThrow(/cannot be decrypted/);
    expect(() => decryptCredential(KEY, stored, { id: 'c1', projectId: 'p2' })).toThrow(/cannot be decrypted/);
    const parts = stored.split('.');
    parts[3] = Buffer.from('sk-secreT').toString('base64url');
    expect(() => decryptCredential(KEY, parts.join('.'), BIND)).toThrow(/cannot be decrypted/);
    expect(() => decryptCredential(KEY, 'v2.a.b.c', BIND)).toThrow(/format/);
  });

  it('fingerprints with a short sha256 prefix', () => {
    expect(credentialFingerprint('abc')).toBe('sha256:ba7816bf8f01');
  });
});
