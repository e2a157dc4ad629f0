/**
 * `npm run desk:user -- add NAME [--display-name "Nama"] [--password P] --file F`: adds (or
 * replaces) an agent in a desk users file, creating the file. Without --password it asks,
 * without echo.
 */
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { addUser } from '../desk/users.js';

async function askPassword(): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  // Hide what is typed: the prompt is written once, keystrokes are not echoed.
  const rlWithOutput = rl as unknown as { _writeToOutput: (s: string) => void };
  process.stdout.write('Password: ');
  rlWithOutput._writeToOutput = () => undefined;
  const answer = await rl.question('');
  rl.close();
  process.stdout.write('\n');
  return answer;
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: { file: { type: 'string' }, password: { type: 'string' }, 'display-name': { type: 'string' } },
  });
  const [command, username] = positionals;
  if (command !== 'add' || !username || !values.file) {
    process.stderr.write('usage: npm run desk:user -- add NAME [--display-name "Name"] [--password P] --file users.json\n');
    process.exit(64);
  }
  const password = values.password ?? (process.stdin.isTTY ? await askPassword() : (await new Response(process.stdin).text()).trim());
  if (password.length < 8) {
    process.stderr.write('the password must have at least 8 characters\n');
    process.exit(65);
  }
  await addUser(values.file, { username, displayName: values['display-name'], password }, { create: true });
  process.stdout.write(`${username} added to ${values.file}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
