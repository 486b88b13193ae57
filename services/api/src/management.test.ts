import { createPostgres } from '@tollgate/db';
import { configContract } from './management-config.contract.ts';
import { keysContract } from './management-keys.contract.ts';
import { projectsContract } from './management-projects.contract.ts';

// PGlite is in-process: the management routes are tested in the fast tier too.
keysContract('PGlite', () => createPostgres({}));
configContract('PGlite', () => createPostgres({}));
projectsContract('PGlite', () => createPostgres({}));
