// The generated types ingress uses, in one place.
export { CacheStatus, ErrorClass, RequestCompletedSchema, type RequestCompleted } from '@tollgate/proto/events';
export type { ResponseTrailer as ResponseTrailerLike } from '@tollgate/proto/router';
