import { createTestDatabase } from '../support/databases';
import { startTestApp } from '../support/test-app';
import { describeCustomPinLimit } from './custom-pin.suite';

describeCustomPinLimit('one node on SQLite', async (clock) => {
  const db = await createTestDatabase('sqlite');
  const node = await startTestApp(db, {}, undefined, { clock });
  return {
    nodes: [node],
    stop: async () => {
      await node.stop();
      await db.drop();
    },
  };
});
