import { createKeyBody, rotateKeyBody, updateKeyBody } from '../domain/bodies.ts';
import { list, type Operation, ref } from './operation.ts';

const KEY = '/api/v1/projects/{id}/keys/{keyId}';

export const KEY_OPERATIONS: Operation[] = [
  {
    method: 'POST',
    path: '/api/v1/projects/{id}/keys',
    route: 'createKey',
    tag: 'keys',
    summary: 'Create an API key',
    description: 'The key (`tg_...`) is in the response once; only its sha256 is stored. Optional settings appear in responses only when set.',
    access: 'admin',
    body: createKeyBody,
    success: { status: 201, description: 'The new key.', schema: ref('NewKey') },
    errors: [404],
  },
  {
    method: 'GET',
    path: '/api/v1/projects/{id}/keys',
    route: 'listKeys',
    tag: 'keys',
    summary: "List a project's keys (prefix only)",
    access: 'reader',
    success: { status: 200, description: 'Keys, oldest first, at most 1000.', schema: list(ref('Key')) },
    errors: [404],
  },
  { method: 'GET', path: KEY, route: 'getKey', tag: 'keys', summary: 'Read one key (prefix only)', access: 'reader', success: { status: 200, description: 'The key.', schema: ref('Key') }, errors: [404] },
  {
    method: 'PATCH',
    path: KEY,
    route: 'updateKey',
    tag: 'keys',
    summary: "Change a key's name, limits, allowed models, expiry or metadata",
    description: 'Only the fields given change; null clears a setting. Ingress replicas drop the cached key within a second.',
    access: 'admin',
    body: updateKeyBody,
    success: { status: 200, description: 'The key after the change.', schema: ref('Key') },
    errors: [404],
  },
  {
    method: 'DELETE',
    path: KEY,
    route: 'revokeKey',
    tag: 'keys',
    summary: 'Revoke a key',
    description: 'Idempotent. Ingress replicas stop accepting the key within a second.',
    access: 'admin',
    success: { status: 204, description: 'Revoked.' },
    errors: [404],
  },
  {
    method: 'POST',
    path: `${KEY}/rotate`,
    route: 'rotateKey',
    tag: 'keys',
    summary: 'Rotate a key',
    description:
      'Creates a new key with the same name and settings. The old key keeps working for `overlap_seconds` (default 0), then expires. A revoked, expired or already rotated key cannot be rotated (400).',
    access: 'admin',
    body: rotateKeyBody,
    bodyOptional: true,
    success: { status: 201, description: 'The new key, and until when the old one works.', schema: ref('NewKey') },
    errors: [404],
  },
];
