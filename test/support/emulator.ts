export * from '../../src/cli/emulator.js';
