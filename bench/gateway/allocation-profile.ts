/**
 * JavaScript heap allocated per request, by allocating function, for this checkout and other built
 * checkouts one after the other: `node --import tsx bench/gateway/allocation-profile.ts [--stream]
 * [--seconds 8] [--warmup 10] [--connections 32] [--top 30] [DIR...]`.
 * Each build runs under load with V8's sampling heap profiler (through `node:inspector`, objects the
 * garbage collector already freed included, one sample per 4 KiB allocated on average), started
 * after the warm-up and stopped after `--seconds`; bytes are V8's estimates of everything allocated
 * in between, divided by the requests served. Unlike CPU on this shared machine, allocation per
 * request barely depends on the load around it, so small changes show: fewer bytes per request
 * mean fewer scavenges (the young generation fills more slowly) and less promotion.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { chatBody, chatLoad } from '../support/chat-body.ts';
import { load } from '../support/load.ts';
import { stopProcess } from '../support/processes.ts';
import { printTable } from '../support/table.ts';
import { startKaiyuan } from './kaiyuan-target.ts';
import { startFastUpstreams } from '../support/fast-upstreams.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    stream: { type: 'boolean', default: false },
    seconds: { type: 'string', default: '8' },
    warmup: { type: 'string', default: '10' },
    connections: { type: 'string', default: '32' },
    top: { type: 'string', default: '30' },
  },
});

interface ProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: ProfileNode[];
}

const here = import.meta.dirname;
const root = path.resolve(here, '../..');
const builds = [root, ...positionals.map((directory) => path.resolve(directory))];
const names = builds.map((directory, index) => `${index}:${path.basename(directory)}`);
const work = mkdtempSync(path.join(tmpdir(), 'kaiyuan-allocations-'));
const sampler = path.join(work, 'sampler.mjs');
// Loaded into the server with --import: the first SIGUSR2 starts sampling, the second writes the profile.
writeFileSync(
  sampler,
  `import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';
const session = new Session();
session.connect();
let sampling = false;
process.on('SIGUSR2', () => {
  if (!sampling) {
    sampling = true;
    session.post('HeapProfiler.startSampling', {
      samplingInterval: 4096,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
    return;
  }
  session.post('HeapProfiler.stopSampling', (error, result) => {
    writeFileSync(process.env.KAIYUAN_ALLOCATION_PROFILE, error ? JSON.stringify({ error: String(error) }) : JSON.stringify(result.profile.head));
  });
});
`,
);

const { upstream, slow } = await startFastUpstreams();
const results: Array<{ name: string; requests: number; bytes: Map<string, number>; total: number }> = [];
try {
  for (const [index, build] of builds.entries()) {
    const output = path.join(work, `profile-${index}.json`);
    const kaiyuan = await startKaiyuan(
      upstream.port,
      slow.port,
      ['--import', sampler],
      path.join(build, 'bin/kaiyuan.js'),
      {
        KAIYUAN_ALLOCATION_PROFILE: output,
      },
    );
    try {
      const body = chatBody('bench-model', values.stream);
      const connections = Number(values.connections);
      await load(chatLoad(kaiyuan, body, connections, Number(values.warmup)));
      kaiyuan.process.kill('SIGUSR2');
      const { requests } = await load(chatLoad(kaiyuan, body, connections, Number(values.seconds)));
      kaiyuan.process.kill('SIGUSR2');
      for (let waited = 0; !existsSync(output); waited += 100) {
        if (waited > 30_000) throw new Error(`no allocation profile from ${names[index]}`);
        await sleep(100);
      }
      await sleep(200);
      const head = JSON.parse(readFileSync(output, 'utf8')) as ProfileNode | { error: string };
      if ('error' in head) throw new Error(head.error);
      const bytes = new Map<string, number>();
      let total = 0;
      const visit = (node: ProfileNode) => {
        const { functionName, url, lineNumber } = node.callFrame;
        // With one build the line tells functions of one name apart; across builds it shifts, so it is left out.
        const file = url.replace(/^.*\//, '');
        const key =
          builds.length === 1
            ? `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`
            : `${functionName || '(anonymous)'} ${file}`;
        bytes.set(key, (bytes.get(key) ?? 0) + node.selfSize);
        total += node.selfSize;
        for (const child of node.children) visit(child);
      };
      visit(head);
      results.push({ name: names[index]!, requests, bytes, total });
    } finally {
      await stopProcess(kaiyuan.process);
    }
  }
} finally {
  await upstream.stop();
  await slow.stop();
  rmSync(work, { recursive: true, force: true });
}

const perRequest = (result: (typeof results)[number], bytes: number) => Math.round(bytes / result.requests);
printTable(
  `JavaScript heap allocated per request (${values.stream ? 'streamed' : 'non-streamed'} chat completions, ${values.connections} connections, ${values.seconds} s sampled)`,
  ['build', 'requests', 'bytes/request'],
  results.map((result) => [result.name, result.requests, perRequest(result, result.total)]),
);
const keys = [...new Set(results.flatMap((result) => [...result.bytes.keys()]))]
  .map((key) => ({ key, figures: results.map((result) => perRequest(result, result.bytes.get(key) ?? 0)) }))
  .sort((left, right) => Math.max(...right.figures) - Math.max(...left.figures))
  .slice(0, Number(values.top));
printTable(
  'Bytes per request by allocating function (self), largest first',
  ['function', ...results.map((result) => result.name)],
  keys.map((row) => [row.key.slice(0, 80), ...row.figures]),
);
