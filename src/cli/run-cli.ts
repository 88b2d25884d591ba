import type { Command } from 'commander';
import { ConfigError } from '../config/load-config.ts';
import { KaiyuanError } from '../util/errors.ts';

/** Runs the program; known errors become one readable line on stderr and exit code 1, never a stack trace. */
export async function runCli(program: Command, argv: string[]): Promise<void> {
  try {
    await program.parseAsync(argv);
  } catch (error) {
    process.exitCode = 1;
    if (error instanceof ConfigError) {
      process.stderr.write(`kaiyuan: ${error.message}\n`);
    } else if (error instanceof KaiyuanError) {
      process.stderr.write(`kaiyuan: ${error.message}${error.param ? ` (${error.param})` : ''}\n`);
    } else {
      process.stderr.write(`kaiyuan: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    }
  }
}
