/**
 * What the Slack listeners call, assembled by the composition root: the install flow's use cases, the
 * catalog, the user's language and the logger. Listeners never reach a cloud SDK or the store.
 */
import type { CatalogService } from '../../domain/catalog/catalog-service.js';
import type { InstallFlow } from '../../domain/install/types.js';
import type { ListInstalled } from '../../domain/lifecycle/list-installed.js';
import type { Locale } from '../../domain/model.js';
import type { Logger } from '../../domain/ports.js';
import type { HomePublisher } from '../home-publisher.js';
import type { PolicyCommandServices } from './policy.js';

/** Everything a listener may call (and, for `/ecs-ext policy`, the policy loaded at start and the clock). */
export interface ListenerDeps extends PolicyCommandServices {
  install: InstallFlow;
  catalog: CatalogService;
  /** `/ecs-ext installed`: what OOS records on instances. */
  installed: Pick<ListInstalled, 'run'>;
  /** The Home tab: published when its user opens it (and kept current as their requests change). */
  home: Pick<HomePublisher, 'opened'>;
  /** The user's language (from their Slack locale): at once when cached, else still to come. */
  locale: (userId: string) => Locale | Promise<Locale>;
  logger: Logger;
}
