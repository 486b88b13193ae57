// Test support: a RouterService answer gathered into head, body text and trailer, checking the chunk order
// contract (exactly one head first, data, exactly one trailer last) on the way.
import type { CompleteChunk, ResponseHead, ResponseTrailer } from '@tollgate/proto/router';

export interface Answer {
  head: ResponseHead;
  body: string;
  dataChunks: string[];
  trailer: ResponseTrailer;
}

export async function collect(chunks: AsyncIterable<CompleteChunk>, onData?: (n: number) => void): Promise<Answer> {
  let head: ResponseHead | undefined;
  let trailer: ResponseTrailer | undefined;
  const dataChunks: string[] = [];
  for await (const c of chunks) {
    if (trailer) throw new Error('chunk after the trailer');
    if (c.kind.case === 'head') {
      if (head) throw new Error('second head');
      head = c.kind.value;
    } else if (c.kind.case === 'data') {
      if (!head) throw new Error('data before the head');
      dataChunks.push(Buffer.from(c.kind.value).toString());
      onData?.(dataChunks.length);
    } else if (c.kind.case === 'trailer') trailer = c.kind.value;
  }
  if (!head || !trailer) throw new Error(`answer without ${head ? 'trailer' : 'head'}`);
  return { head, body: dataChunks.join(''), dataChunks, trailer };
}
