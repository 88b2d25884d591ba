import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { pino } from 'pino';
import { adminPrincipal } from '../../accounts/authenticator.ts';
import type { Principal } from '../../accounts/principal.ts';
import type { LabelingExportResult } from '../../labeling/export/labeling-export-job.ts';
import { labelingExportFormats, type LabelingExportFormat } from '../../labeling/export/labeling-export.ts';
import type { Actor } from '../../labeling/labeling-access.ts';
import type { LabelingService } from '../../labeling/labeling-service.ts';
import { createPlatform } from '../../main.ts';
import type { JobRunner } from '../../jobs/job-types.ts';
import { invalidRequest } from '../../util/errors.ts';
import { asCliError, resolveOrganization } from './command-support.ts';
import { parseIntegerOption, printJson, printTable } from './commerce-cli-support.ts';
import { followJob, requireSucceeded } from './data-cli-support.ts';

interface LabelingCliContext {
  labeling: LabelingService;
  jobs: JobRunner;
  actor: Actor;
}

/**
 * Opens the platform (store, gateway, job runner) like the server does and acts as the operator
 * within one organization (--org, KAIYUAN_ORG, or the only one). Pre-labeling runs in this
 * process unless REDIS_URL hands it to workers; its requests are billed to the organization.
 */
async function withLabeling<T>(org: string | undefined, work: (context: LabelingCliContext) => Promise<T>): Promise<T> {
  const platform = await createPlatform({ logger: pino({ level: 'warn' }), command: true });
  try {
    const { labeling, jobs } = platform.services;
    if (!labeling || !jobs) throw invalidRequest('Labeling is not available in this configuration.');
    const orgId = await resolveOrganization(platform.services.store, org);
    // The operator, acting within this organization.
    const principal: Principal = { ...adminPrincipal, orgId };
    return await work({ labeling, jobs, actor: labeling.actor(principal) });
  } catch (error) {
    throw asCliError(error);
  } finally {
    await platform.close();
  }
}

function parseSchemaOption(text: string): unknown {
  const source = text.trim().startsWith('{') ? text : readFileSync(text, 'utf8');
  try {
    return JSON.parse(source);
  } catch {
    throw invalidRequest(
      '--schema expects JSON or a JSON file, e.g. {"kind":"classification","labels":["positive","negative"]}.',
      'schema',
    );
  }
}

/** `kaiyuan labeling create|list|annotators|progress|agreement|prelabel|generate-qa|export`. */
export function registerLabelingCommands(program: Command): void {
  const labeling = program
    .command('labeling')
    .description('Labeling projects: work distribution, agreement, model pre-labeling, export');
  const org = (command: Command) =>
    command.option('--org <org>', 'organization id or name (default: KAIYUAN_ORG or the only one)');

  org(labeling.command('create <name>'))
    .description('Create a project over a dataset version')
    .requiredOption('--dataset <dataset>', 'dataset id or name')
    .option('--version <n>', 'dataset version (default: latest)', parseIntegerOption('version'))
    .requiredOption(
      '--schema <json>',
      'label schema as JSON or a JSON file, e.g. {"kind":"spans","labels":["PER","LOC"]}',
    )
    .option('--overlap <n>', 'annotators per item', parseIntegerOption('overlap'), 1)
    .option('--annotators <ids>', 'comma-separated user or key ids to distribute work over')
    .option('--instructions <text>', 'guidelines shown to annotators and models')
    .action(
      async (
        name: string,
        options: {
          org?: string;
          dataset: string;
          version?: number;
          schema: string;
          overlap: number;
          annotators?: string;
          instructions?: string;
        },
      ) => {
        await withLabeling(options.org, async ({ labeling: service, actor }) => {
          const project = await service.projects.create(actor, {
            name,
            dataset: options.dataset,
            version: options.version,
            labelSchema: parseSchemaOption(options.schema),
            overlap: options.overlap,
            instructions: options.instructions,
            annotators: options.annotators
              ?.split(',')
              .map((id) => id.trim())
              .filter(Boolean),
          });
          printJson(project);
        });
      },
    );

  org(labeling.command('list'))
    .description('List projects')
    .action(async (options: { org?: string }) => {
      await withLabeling(options.org, async ({ labeling: service, actor }) => {
        const projects = await service.projects.list(actor);
        printTable(
          projects.map((project) => ({
            id: project.id,
            name: project.name,
            kind: project.labelSchema.kind,
            tasks: project.taskCount,
            overlap: project.overlap,
            annotators: project.annotators.length,
          })),
        );
      });
    });

  org(labeling.command('annotators <project> <ids>'))
    .description('Set the annotator pool (comma-separated user or key ids) and distribute work')
    .action(async (project: string, ids: string, options: { org?: string }) => {
      await withLabeling(options.org, async ({ labeling: service, actor }) =>
        printJson(await service.projects.setAnnotators(actor, project, ids.split(','))),
      );
    });

  org(labeling.command('progress <project>'))
    .description('Show progress: tasks by status, labels per annotator')
    .option('--json', 'print JSON')
    .action(async (project: string, options: { org?: string; json?: boolean }) => {
      await withLabeling(options.org, async ({ labeling: service, actor }) => {
        const report = await service.progress(actor, project);
        if (options.json) return printJson(report);
        process.stdout.write(
          `tasks: ${JSON.stringify(report.tasks)}\nlabeled: ${report.percentLabeled.toFixed(1)}%  accepted: ${report.percentAccepted.toFixed(1)}%\n`,
        );
        printTable(report.perAnnotator);
      });
    });

  org(labeling.command('agreement <project>'))
    .description("Show agreement: Cohen's and Fleiss' kappa, Krippendorff's alpha, span F1, per label and annotator")
    .action(async (project: string, options: { org?: string }) => {
      await withLabeling(options.org, async ({ labeling: service, actor }) =>
        printJson(await service.agreement(actor, project)),
      );
    });

  for (const [command, description] of [
    ['prelabel', 'Pre-label every task with a chat model (suggestions, never accepted labels)'],
    ['generate-qa', 'Generate question–answer pairs from the document chunks of a qa_review project'],
  ] as const) {
    org(labeling.command(`${command} <project>`))
      .description(description)
      .requiredOption('--model <model>', 'any chat model of the gateway')
      .option(
        '--template <file>',
        'prompt template file ({{text}}, {{labels}}, {{prompt}}, {{response_a}}, {{response_b}}, {{count}})',
      )
      .option('--pairs <n>', 'question–answer pairs per chunk', parseIntegerOption('pairs'))
      .option('--overwrite', 'ask again for tasks that already have a suggestion')
      .action(
        async (
          project: string,
          options: { org?: string; model: string; template?: string; pairs?: number; overwrite?: boolean },
        ) => {
          await withLabeling(options.org, async ({ labeling: service, jobs, actor }) => {
            const request = {
              model: options.model,
              template: options.template ? readFileSync(options.template, 'utf8') : undefined,
              overwrite: options.overwrite,
              pairsPerChunk: options.pairs,
            };
            const job =
              command === 'prelabel'
                ? await service.startPrelabel(actor, project, request)
                : await service.startQaGeneration(actor, project, request);
            const finished = await followJob(jobs, job, command);
            requireSucceeded(finished);
            printJson(finished.result);
          });
        },
      );
  }

  org(labeling.command('export <project>'))
    .description(`Export accepted labels as a job (${labelingExportFormats.join(', ')})`)
    .requiredOption('--format <format>', labelingExportFormats.join(' | '))
    .option(
      '--validation <ratio>',
      'share of near-duplicate clusters for validation.jsonl (chat formats)',
      Number.parseFloat,
    )
    .option('--out <dir>', 'also copy the files to this directory')
    .action(async (project: string, options: { org?: string; format: string; validation?: number; out?: string }) => {
      if (!(labelingExportFormats as readonly string[]).includes(options.format))
        throw invalidRequest(`Unknown format '${options.format}'.`, 'format');
      await withLabeling(options.org, async ({ labeling: service, jobs, actor }) => {
        const job = await service.startExport(actor, project, {
          format: options.format as LabelingExportFormat,
          validationRatio: options.validation,
        });
        const finished = await followJob(jobs, job, 'export');
        requireSucceeded(finished);
        const result = finished.result as LabelingExportResult;
        const files = await Promise.all(result.files.map((file) => service.exportFile(actor, project, job.id, file)));
        if (options.out) {
          mkdirSync(options.out, { recursive: true });
          for (const file of files) copyFileSync(file, path.join(options.out, path.basename(file)));
        }
        printJson({
          id: job.id,
          ...result,
          directory: options.out ? path.resolve(options.out) : path.dirname(files[0]!),
        });
      });
    });
}
