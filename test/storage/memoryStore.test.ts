import { MemoryStore } from '../../src/storage/memoryStore.js';
import { describeStoreContract } from './storeContract.js';

describeStoreContract('MemoryStore', async () => {
  const store = new MemoryStore();
  return { store, dispose: () => store.close() };
});
