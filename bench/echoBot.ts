/**
 * The floor of this stack: a bare botbuilder echo bot (CloudAdapter + restify, no state, no
 * dialogs), started as its own process by the benchmark. Prints its URL once listening.
 */
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import restify from 'restify';

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
const bot = new ActivityHandler().onMessage(async (context, next) => {
  await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
  await next();
});

const server = restify.createServer();
server.use(restify.plugins.bodyParser());
server.post('/api/messages', async (req, res) => {
  await adapter.process(req, res, (context) => bot.run(context));
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`listening http://127.0.0.1:${address.port}\n`);
});
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
});
