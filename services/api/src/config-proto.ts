// The config-change messages (proto/tollgate/v1/config.proto). Imported by path because @tollgate/proto's
// package.json has no "./config" export yet; once it has, import from '@tollgate/proto/config' here instead.
export { KeyChange, KeyChangedSchema, ProjectChange, ProjectChangedSchema } from '@tollgate/proto/config';
