import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

export interface Started {
  process: ChildProcess;
  port: number;
  stop(): Promise<void>;
}

/** A free loopback port. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Starts a TypeScript script as its own Node process and waits for its `listening PORT` line. */
export async function startScript(
  script: string,
  args: string[],
  environment: Record<string, string> = {},
  /** Node flags before the script (e.g. --cpu-prof, which NODE_OPTIONS does not take). */
  nodeFlags: string[] = [],
): Promise<Started> {
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', script, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...environment },
  });
  const port = await new Promise<number>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (piece: Buffer) => {
      output += piece.toString();
      const match = /listening (\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}: ${output}`)));
  });
  child.stdout!.resume();
  return { process: child, port, stop: () => stopProcess(child) };
}

/** Starts a process and waits until an HTTP URL answers 200. */
export async function startServerProcess(
  command: string,
  args: string[],
  environment: Record<string, string>,
  readyUrl: string,
  timeoutMs = 60_000,
  /** Drop the process's stderr (a peer that logs a stack trace per failed request). */
  quiet = false,
): Promise<ChildProcess> {
  const child = spawn(command, args, {
    stdio: ['ignore', 'ignore', quiet ? 'ignore' : 'inherit'],
    env: { ...process.env, ...environment },
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${command} ${args.join(' ')} exited with ${child.exitCode}`);
    try {
      const response = await fetch(readyUrl);
      if (response.ok) return child;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`${readyUrl} did not become ready within ${timeoutMs} ms`);
}

export async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** Resident set size of a process in MiB (Linux /proc). */
export function rssMiB(pid: number): number {
  return memoryMiB(pid).rss;
}

/** A process's resident memory in MiB (Linux /proc): in all, anonymous (heap, stacks) and file-backed (code). */
export function memoryMiB(pid: number): { rss: number; anon: number; file: number } {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(text)?.[1] ?? Number.NaN) / 1024;
  return { rss: field('VmRSS'), anon: field('RssAnon'), file: field('RssFile') };
}

/** CPU time (user + system) a process has used so far, in milliseconds (Linux /proc, 10 ms ticks). */
export function cpuMilliseconds(pid: number): number {
  const fields = statFields(`/proc/${pid}/stat`);
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** CPU time (user + system) one thread of a process has used so far, in ms (the main thread's id is the pid). */
export function threadCpuMilliseconds(pid: number, thread: number): number {
  const fields = statFields(`/proc/${pid}/task/${thread}/stat`);
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Minor page faults a process (every thread) has taken so far (Linux /proc). */
export function minorFaults(pid: number): number {
  return Number(statFields(`/proc/${pid}/stat`)[7]);
}

/**
 * Context switches of one thread so far (Linux /proc): voluntary ones are the times it blocked (for
 * an event loop, its sleeps in epoll_wait: fewer per request when each wake-up serves more
 * requests), involuntary ones the times the scheduler took the core from it.
 */
export function threadContextSwitches(pid: number, thread: number): { voluntary: number; involuntary: number } {
  const text = readFileSync(`/proc/${pid}/task/${thread}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? Number.NaN);
  return { voluntary: field('voluntary_ctxt_switches'), involuntary: field('nonvoluntary_ctxt_switches') };
}

/** The fields of a /proc `stat` file after the command name, from the state field on. */
function statFields(file: string): string[] {
  return readFileSync(file, 'utf8').split(') ')[1]!.split(' ');
}

/** The process and all its descendants (a primary and its workers), from /proc. */
export function processTree(pid: number): number[] {
  const pids = [pid];
  for (let index = 0; index < pids.length; index++) {
    const current = pids[index]!;
    try {
      const children = readFileSync(`/proc/${current}/task/${current}/children`, 'utf8').trim();
      if (children) pids.push(...children.split(/\s+/).map(Number));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** CPU time of a process and its descendants (every worker of a primary), in milliseconds. */
export function treeCpuMilliseconds(pid: number): number {
  let total = 0;
  for (const member of processTree(pid)) {
    try {
      total += cpuMilliseconds(member);
    } catch {
      // exited between the listing and the read
    }
  }
  return total;
}
