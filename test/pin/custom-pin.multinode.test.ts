import { startTwoNodes } from '../support/cluster';
import { describeCustomPinLimit } from './custom-pin.suite';

describeCustomPinLimit('two nodes sharing PostgreSQL and Redis', async (clock) => {
  const two = await startTwoNodes({ clock });
  return two && { nodes: [two.a, two.b], stop: two.stop };
});
