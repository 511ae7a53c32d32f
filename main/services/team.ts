import { AppError } from '../../common/errors';
import type { Ports, TeamPort } from '../core/context';
import type { HandlersFor } from '../core/handlers';

function teamOf(ports: Ports): TeamPort {
  // A browser is already on a server: joining another one is the desktop app's business.
  if (!ports.team) throw new AppError('not_found', 'Only the desktop app connects to a team server; in a browser, open the team server\'s address instead');
  return ports.team;
}

export function teamHandlers(ports: Ports): HandlersFor<'team'> {
  return {
    async 'team.connection'() {
      return { connection: await teamOf(ports).connection() };
    },
    async 'team.connect'(_ctx, input) {
      return teamOf(ports).connect(input);
    },
    async 'team.verify'(_ctx, input) {
      return teamOf(ports).verify(input.challenge, input.code);
    },
    async 'team.disconnect'() {
      return { connection: await teamOf(ports).disconnect() };
    },
  };
}
