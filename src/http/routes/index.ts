import type { FastifyInstance } from 'fastify';
import type { AppServices } from '../app-services.ts';
import { registerAdminChannelRoutes } from './admin-channel-routes.ts';
import { registerAdminDeploymentRoutes } from './admin-deployment-routes.ts';
import { registerHealthRoutes } from './health-routes.ts';
import { registerMetricsRoutes } from './metrics-routes.ts';
import { registerModelRoutes } from './model-routes.ts';
import { registerConsoleStaticRoutes } from './console-static-routes.ts';
import { registerAdminBillingRoutes } from './admin-billing-routes.ts';
import { registerAdminKeyRoutes } from './admin-key-routes.ts';
import { registerAdminOrganizationRoutes } from './admin-organization-routes.ts';
import { registerAdminUsageRoutes } from './admin-usage-routes.ts';
import { registerAdminRequestLogRoutes } from './admin-request-log-routes.ts';
import { registerAdminUserRoutes } from './admin-user-routes.ts';
import { registerConsoleAuthRoutes } from './console-auth-routes.ts';
import { registerDatasetRoutes } from './dataset-routes.ts';
import { registerLabelingProjectRoutes } from './labeling-project-routes.ts';
import { registerLabelingReviewRoutes } from './labeling-review-routes.ts';
import { registerLabelingTaskRoutes } from './labeling-task-routes.ts';
import { registerLabelingJobRoutes } from './labeling-job-routes.ts';
import { registerPaymentCallbackRoutes } from './payment-callback-routes.ts';
import { registerPaymentRoutes } from './payment-routes.ts';
import { registerResponseRoutes } from './response-routes.ts';
import { registerAdminSignupRoutes } from './admin-signup-routes.ts';
import { registerAdminPackageRoutes } from './admin-package-routes.ts';
import { registerAdminNotificationRoutes } from './admin-notification-routes.ts';
import { registerBatchRoutes } from './batch-routes.ts';
import { registerAdminPricingRoutes } from './admin-pricing-routes.ts';
import { registerModelSquareRoutes } from './model-square-routes.ts';

/**
 * The inference routes (`/v1/chat/completions`, `/v1/completions`, `/v1/embeddings`,
 * `/v1/messages`, `/v1/messages/count_tokens`, `/v1/responses`): served by the front door on
 * node:http, in front of Fastify (decision 006), from this table.
 */
export { inferenceRoutes, type InferenceRoute } from './inference-routes.ts';

/**
 * Every other route module, in one list, registered with Fastify. Each file is thin: schema,
 * auth, one service call.
 */
export async function registerRoutes(app: FastifyInstance, services: AppServices): Promise<void> {
  registerHealthRoutes(app, services);
  registerMetricsRoutes(app, services);
  registerAdminDeploymentRoutes(app, services);
  registerAdminChannelRoutes(app, services);
  registerModelRoutes(app, services);
  registerModelSquareRoutes(app, services);
  registerConsoleStaticRoutes(app, services);
  registerConsoleAuthRoutes(app, services);
  registerAdminOrganizationRoutes(app, services);
  registerAdminUserRoutes(app, services);
  registerAdminKeyRoutes(app, services);
  registerAdminBillingRoutes(app, services);
  registerAdminUsageRoutes(app, services);
  registerAdminPricingRoutes(app, services);
  registerAdminRequestLogRoutes(app, services);
  registerAdminSignupRoutes(app, services);
  registerAdminPackageRoutes(app, services);
  registerAdminNotificationRoutes(app, services);
  registerDatasetRoutes(app, services);
  registerLabelingProjectRoutes(app, services);
  registerLabelingTaskRoutes(app, services);
  registerLabelingReviewRoutes(app, services);
  registerLabelingJobRoutes(app, services);
  registerPaymentRoutes(app, services);
  // Unauthenticated by design, verified by the providers' signatures: see the file.
  registerPaymentCallbackRoutes(app, services);
  registerResponseRoutes(app, services);
  registerBatchRoutes(app, services);
}
