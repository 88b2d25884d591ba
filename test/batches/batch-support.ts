import OpenAI, { toFile } from 'openai';

/** A batch input file of `count` chat lines; line i asks about "item i". */
export function chatLines(count: number, model = 'sim-chat'): string {
  const lines: string[] = [];
  for (let index = 0; index < count; index++)
    lines.push(
      JSON.stringify({
        custom_id: `request-${index}`,
        method: 'POST',
        url: '/v1/chat/completions',
        body: { model, max_tokens: 16, messages: [{ role: 'user', content: `item ${index}` }] },
      }),
    );
  return lines.join('\n') + '\n';
}

export async function uploadBatchFile(client: OpenAI, text: string, name = 'input.jsonl') {
  return client.files.create({ file: await toFile(Buffer.from(text), name), purpose: 'batch' });
}

/** Polls the batch until it reaches a final status (or the time is up). */
export async function waitForBatch(client: OpenAI, id: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const batch = await client.batches.retrieve(id);
    if (['completed', 'failed', 'expired', 'cancelled'].includes(batch.status)) return batch;
    if (Date.now() > deadline) throw new Error(`batch ${id} is still ${batch.status}: ${JSON.stringify(batch)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export interface ResultLine {
  id: string;
  custom_id: string;
  response: { status_code: number; request_id: string; body: any } | null;
  error: { code: string; message: string } | null;
}

export async function fileLines(client: OpenAI, fileId: string | null | undefined): Promise<ResultLine[]> {
  if (!fileId) return [];
  const text = await (await client.files.content(fileId)).text();
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as ResultLine);
}
