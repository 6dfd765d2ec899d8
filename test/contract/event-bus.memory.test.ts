import { MemoryEventBus } from '../../src/infra/memory/event-bus.memory';
import { eventBusContract } from './event-bus.contract';

eventBusContract('MemoryEventBus', async () => ({ bus: new MemoryEventBus(), close: async () => undefined }));
