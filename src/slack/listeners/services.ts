/**
 * The domain services the Slack listeners call, assembled by the composition root.
 */
import type { CatalogService } from '../../domain/catalog/catalog-service.js';
import type { InstallUseCase } from '../../domain/install/types.js';
import type { ListInstalled } from '../../domain/lifecycle/list-installed.js';
import type { Logger } from '../../domain/ports.js';
import type { UserDirectory } from '../user-directory.js';
import type { PolicyCommandServices } from './policy.js';

/** Everything a listener may call. */
export interface SlackServices extends PolicyCommandServices {
  catalog: CatalogService;
  install: InstallUseCase;
  /** `/ecs-ext installed`: what OOS records on instances. */
  installed: Pick<ListInstalled, 'run'>;
  users: UserDirectory;
  logger: Logger;
}
