// Imported first by an entry point, before anything else is evaluated: see server-heap.ts.
import { execWithServerHeap } from './server-heap.ts';

execWithServerHeap();
