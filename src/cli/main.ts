import { Command } from 'commander';
import { registerServeCommand } from './commands/serve-command.ts';
import { registerBackupCommands } from './commands/backup-commands.ts';
import { registerDeploymentCommands } from './commands/deployment-commands.ts';
import { registerChannelCommands } from './commands/channel-commands.ts';
import { registerPricingCommands } from './commands/pricing-commands.ts';
import { registerSecretCommands } from './commands/secret-commands.ts';
import { registerBillingCommands } from './commands/billing-commands.ts';
import { registerKeyCommands } from './commands/key-commands.ts';
import { registerOrganizationCommands } from './commands/organization-commands.ts';
import { registerDataCommand } from './commands/data-command.ts';
import { registerWorkerCommand } from './commands/worker-command.ts';
import { registerLabelingCommands } from './commands/labeling-commands.ts';
import { registerPaymentCommands } from './commands/payment-commands.ts';
import { registerRequestLogCommands } from './commands/request-log-commands.ts';
import { registerSignupAndPackageCommands } from './commands/signup-package-commands.ts';
import { runCli } from './run-cli.ts';

/**
 * The `kaiyuan` command. Each area adds its subcommands through a register function in
 * cli/commands/; every subcommand opens the same store as the server (data dir or DATABASE_URL).
 */
const program = new Command()
  .name('kaiyuan')
  .description('Kaiyuan: a self-hostable cloud platform for open-source large models')
  .showHelpAfterError();

registerServeCommand(program);
registerDeploymentCommands(program);
registerChannelCommands(program);
registerPricingCommands(program);
registerSecretCommands(program);
registerOrganizationCommands(program);
registerKeyCommands(program);
registerBillingCommands(program);
registerDataCommand(program);
registerWorkerCommand(program);
registerLabelingCommands(program);
registerPaymentCommands(program);
registerSignupAndPackageCommands(program);
registerBackupCommands(program);
registerRequestLogCommands(program);

await runCli(program, process.argv);
