import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { ExportJobResult } from '../../data/exporters/export-job.ts';
import { exportFormats, type ExportFormat } from '../../data/exporters/index.ts';
import type { FieldMapping } from '../../data/readers/field-mapping.ts';
import { importFormats, textSplits, type ImportFormat, type TextSplit } from '../../data/readers/index.ts';
import { invalidRequest } from '../../util/errors.ts';
import { followJob, requireSucceeded, withDataWorkbench } from './data-cli-support.ts';

function oneOf<T extends string>(name: string, allowed: readonly T[]) {
  return (value: string): T => {
    if (!(allowed as readonly string[]).includes(value))
      throw invalidRequest(`--${name} must be one of ${allowed.join(', ')}; got '${value}'.`, name);
    return value as T;
  };
}

function positiveInteger(name: string) {
  return (value: string): number => {
    const number = Number(value);
    if (!Number.isInteger(number) || number < 1)
      throw invalidRequest(`--${name} expects a positive whole number, got '${value}'.`, name);
    return number;
  };
}

function ratio(value: string): number {
  const number = Number(value);
  if (!(number >= 0 && number < 1))
    throw invalidRequest(`--validation-ratio expects a number in [0, 1), got '${value}'.`, 'validation-ratio');
  return number;
}

interface ImportOptions {
  dataset: string;
  org?: string;
  format?: ImportFormat;
  textField?: string;
  messagesField?: string;
  idField?: string;
  promptField?: string;
  responseField?: string;
  systemField?: string;
  chosenField?: string;
  rejectedField?: string;
  split?: TextSplit;
  delimiter?: string;
  repair?: boolean;
  encoding?: string;
  maxLineCharacters?: number;
  description?: string;
}

function printStatistics(
  statistics: Array<{
    operator: string;
    in: number;
    out: number;
    dropped: number;
    modified: number;
    details: Record<string, number>;
  }>,
): void {
  const rows = statistics.map((item) => [
    item.operator,
    item.in,
    item.out,
    item.dropped,
    item.modified,
    Object.entries(item.details)
      .map(([key, value]) => `${key}=${value}`)
      .join(' '),
  ]);
  const header = ['operator', 'in', 'out', 'dropped', 'modified', 'details'];
  const widths = header.map((title, index) => Math.max(title.length, ...rows.map((row) => String(row[index]).length)));
  for (const row of [header, ...rows])
    process.stdout.write(
      `${row
        .map((cell, index) => String(cell).padEnd(widths[index]!))
        .join('  ')
        .trimEnd()}\n`,
    );
}

export function registerDataCommand(program: Command): void {
  const data = program
    .command('data')
    .description('Data workbench: import, clean, deduplicate, redact and export fine-tuning data');

  data
    .command('import <file>')
    .description(
      'Import a file (jsonl, json, csv, parquet, txt, markdown, html, docx, pdf) as a new version of a dataset (created if missing)',
    )
    .requiredOption('--dataset <name>', 'dataset name (or id)')
    .option('--org <org>', 'organization id or name (default: KAIYUAN_ORG, or the only organization)')
    .option(
      '--format <format>',
      `file format (default: by extension): ${importFormats.join(', ')}`,
      oneOf('format', importFormats),
    )
    .option('--text-field <field>', 'field holding the text')
    .option('--messages-field <field>', 'field holding the conversation (OpenAI messages or ShareGPT conversations)')
    .option('--id-field <field>', 'field holding a record id')
    .option('--prompt-field <field>', 'field holding a prompt (makes a user message)')
    .option('--response-field <field>', 'field holding the answer (makes an assistant message)')
    .option('--system-field <field>', 'field holding a system prompt')
    .option('--chosen-field <field>', 'preferred answer (DPO pairs)')
    .option('--rejected-field <field>', 'rejected answer (DPO pairs)')
    .option(
      '--split <split>',
      `txt/markdown documents: ${textSplits.join(', ')} (default file)`,
      oneOf('split', textSplits),
    )
    .option('--delimiter <character>', 'CSV delimiter')
    .option('--repair', 'repair slightly broken JSONL lines instead of skipping them')
    .option('--encoding <name>', 'text encoding (utf-8, gb18030, gbk, big5, utf-16le, …; default: detected)')
    .option(
      '--max-line-characters <n>',
      'longest line kept; longer lines are dropped with their line number',
      positiveInteger('max-line-characters'),
    )
    .option('--description <text>', 'description of a new dataset')
    .action(async (file: string, options: ImportOptions) => {
      await withDataWorkbench(options.org, async ({ workbench, jobs, orgId }) => {
        const existing = await workbench.listDatasets(orgId);
        const dataset =
          existing.find((item) => item.name === options.dataset || item.id === options.dataset) ??
          (await workbench.createDataset(orgId, options.dataset, options.description ?? ''));
        const mapping: FieldMapping = Object.fromEntries(
          Object.entries({
            text: options.textField,
            messages: options.messagesField,
            id: options.idField,
            prompt: options.promptField,
            response: options.responseField,
            system: options.systemField,
            chosen: options.chosenField,
            rejected: options.rejectedField,
          }).filter(([, value]) => value !== undefined),
        );
        let source = path.resolve(file);
        if (jobs.kind === 'bullmq') {
          // Workers may run elsewhere: hand them a copy inside the shared data directory.
          const directory = workbench.paths.uploadDirectory(orgId);
          mkdirSync(directory, { recursive: true });
          const copy = path.join(directory, `${Date.now()}-${path.basename(file)}`);
          copyFileSync(source, copy);
          source = copy;
        }
        const job = await workbench.startImport(orgId, dataset.id, {
          file: source,
          sourceName: path.basename(file),
          format: options.format,
          mapping,
          readerOptions: {
            split: options.split,
            delimiter: options.delimiter,
            repair: options.repair === true,
            ...(options.encoding ? { encoding: options.encoding } : {}),
            ...(options.maxLineCharacters ? { maxLineCharacters: options.maxLineCharacters } : {}),
          },
          removeFile: jobs.kind === 'bullmq',
        });
        const finished = await followJob(jobs, job, 'import');
        requireSucceeded(finished);
        const result = finished.result as { version: number; records: number };
        const version = await workbench.getVersion(orgId, dataset.id, result.version);
        process.stdout.write(
          `Imported ${version.recordCount} records into ${dataset.name} version ${version.version}.\n`,
        );
        const encoding = version.source.encoding as { encoding: string; how: string } | undefined;
        if (encoding && encoding.how !== 'utf8')
          process.stdout.write(
            `Decoded as ${encoding.encoding} (${encoding.how === 'guessed' ? 'detected' : encoding.how}).\n`,
          );
        printStatistics(version.statistics);
        for (const sample of version.samples.filter((item) => item.operator === 'import'))
          process.stdout.write(`  ${sample.recordId}: ${sample.action} (${sample.reason})\n`);
      });
    });

  data
    .command('run')
    .description('Run a recipe (YAML) on a version; the result is a new version with per-operator statistics')
    .requiredOption('--dataset <name>', 'dataset name (or id)')
    .requiredOption('--recipe <file>', 'recipe YAML file')
    .option('--from-version <n>', 'version to start from (default: latest)', positiveInteger('from-version'))
    .option('--org <org>', 'organization id or name')
    .action(async (options: { dataset: string; recipe: string; fromVersion?: number; org?: string }) => {
      let recipe: string;
      try {
        recipe = readFileSync(options.recipe, 'utf8');
      } catch {
        throw invalidRequest(`Cannot read the recipe file ${options.recipe}.`, 'recipe');
      }
      await withDataWorkbench(options.org, async ({ workbench, jobs, orgId }) => {
        const job = await workbench.startRecipe(orgId, options.dataset, recipe, options.fromVersion);
        const finished = await followJob(jobs, job, 'recipe');
        requireSucceeded(finished);
        const result = finished.result as { version: number };
        const version = await workbench.getVersion(orgId, options.dataset, result.version);
        process.stdout.write(
          `Version ${version.version} (from ${version.parentVersion}): ${version.recordCount} records.\n`,
        );
        printStatistics(version.statistics);
      });
    });

  data
    .command('export')
    .description(
      'Export a version for fine-tuning (a job, like imports), with a train/validation split that keeps near-duplicates together',
    )
    .requiredOption('--dataset <name>', 'dataset name (or id)')
    .requiredOption('--format <format>', `${exportFormats.join(', ')}`, oneOf('format', exportFormats))
    .requiredOption('--out <dir>', 'output directory')
    .option('--version <n>', 'version (default: latest)', positiveInteger('version'))
    .option('--validation-ratio <ratio>', 'share of validation data (0 for none)', ratio, 0.1)
    .option('--seed <n>', 'seed of the split', positiveInteger('seed'), 42)
    .option('--org <org>', 'organization id or name')
    .action(
      async (options: {
        dataset: string;
        format: ExportFormat;
        out: string;
        version?: number;
        validationRatio: number;
        seed: number;
        org?: string;
      }) => {
        await withDataWorkbench(options.org, async ({ workbench, jobs, orgId }) => {
          const job = await workbench.startExport(orgId, options.dataset, {
            version: options.version,
            format: options.format,
            validationRatio: options.validationRatio,
            seed: options.seed,
          });
          const finished = await followJob(jobs, job, 'export');
          requireSucceeded(finished);
          const result = finished.result as ExportJobResult;
          mkdirSync(options.out, { recursive: true });
          for (const file of result.files) {
            const download = await workbench.exportDownload(orgId, options.dataset, job.id, file);
            copyFileSync(download.file, path.join(options.out, file));
          }
          process.stdout.write(
            `train: ${result.train}  validation: ${result.validation}  rejected: ${result.rejected}  → ${path.resolve(options.out)}\n`,
          );
          for (const [reason, count] of Object.entries(result.rejections)
            .sort((a, b) => b[1] - a[1])
            .slice(0, 5))
            process.stdout.write(`  rejected ${count}: ${reason}\n`);
        });
      },
    );

  data
    .command('show')
    .description("Show datasets, or a dataset's versions, statistics and samples")
    .option('--dataset <name>', 'dataset name (or id); without it, list datasets')
    .option('--version <n>', 'one version in detail', positiveInteger('version'))
    .option('--samples', 'print what each operator removed or changed, with the reason')
    .option('--org <org>', 'organization id or name')
    .action(async (options: { dataset?: string; version?: number; samples?: boolean; org?: string }) => {
      await withDataWorkbench(options.org, async ({ workbench, orgId }) => {
        if (!options.dataset) {
          for (const dataset of await workbench.listDatasets(orgId))
            process.stdout.write(`${dataset.name}  (${dataset.id})  versions: ${dataset.latestVersion}\n`);
          return;
        }
        const versions = options.version
          ? [await workbench.getVersion(orgId, options.dataset, options.version)]
          : await workbench.listVersions(orgId, options.dataset);
        for (const version of versions) {
          const origin =
            version.kind === 'import'
              ? `import of ${String(version.source.file ?? '')}`
              : `recipe on v${version.parentVersion}`;
          process.stdout.write(
            `v${version.version}  ${origin}  records: ${version.recordCount}  text: ${(version.textBytes / 1e6).toFixed(2)} MB  ${new Date(version.createdAt).toISOString()}\n`,
          );
          if (options.version || options.samples) printStatistics(version.statistics);
          if (options.samples) {
            for (const sample of version.samples) {
              process.stdout.write(
                `  [${sample.operator}] ${sample.action} ${sample.recordId}: ${sample.reason}\n    before: ${sample.before.replace(/\s+/g, ' ').slice(0, 160)}\n`,
              );
              if (sample.after !== undefined)
                process.stdout.write(`    after:  ${sample.after.replace(/\s+/g, ' ').slice(0, 160)}\n`);
            }
          }
        }
      });
    });
}
