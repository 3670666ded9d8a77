// The bench agents' desktops on the real @microsoft/signalr client: each of benchagent1..N signs in, connects to
// /hubs/agent and goes Available; on ScreenPop it logs "POP;<callId>;<agent>;<epoch ms>" (the receive time, taken in
// the handler, before anything else); when its call reaches WrapUp it records an outcome for every offer shown,
// sets a disposition and completes the wrap-up, so the agent is Available again. Prints READY when all are
// Available; on SIGTERM it prints "DESKTOPS;<wrap-ups>;<errors>" and exits.
// Usage: node desktops.mjs <baseUrl> <agents> <password> <pop log>
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import * as signalR from '@microsoft/signalr';

const [baseUrl, agentCount, password, popLog] = process.argv.slice(2);
const pops = createWriteStream(popLog, { flags: 'a' });
const now = () => performance.timeOrigin + performance.now();
let wrapUps = 0;
let errors = 0;
const connections = [];

async function desktop(userName) {
  const login = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userName, password }),
  });
  if (!login.ok) {
    throw new Error(`sign-in of ${userName} failed: ${login.status}`);
  }
  const { accessToken } = await login.json();
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(`${baseUrl}/hubs/agent`, { accessTokenFactory: () => accessToken, transport: signalR.HttpTransportType.WebSockets, skipNegotiation: true })
    .configureLogging(signalR.LogLevel.Warning)
    .build();
  connection.on('ScreenPop', (pop) => {
    pops.write(`POP;${pop.callId};${userName};${now().toFixed(3)}\n`);
  });
  connection.on('CallStateChanged', (call) => {
    if (call.state === 'WrapUp') {
      wrapUp(connection, call).then(() => { wrapUps++; }, (error) => { errors++; console.error(`${userName}: ${error.message}`); });
    }
  });
  for (const target of ['StatusChanged', 'SlaAlert', 'QueueChanged', 'OfferSuggested', 'Notice']) {
    connection.on(target, () => {});
  }
  await connection.start();
  await connection.invoke('SetStatus', randomUUID(), 'Available', null);
  connections.push(connection);
}

async function wrapUp(connection, call) {
  for (const offer of call.wrapUp?.offers ?? []) {
    await connection.invoke('RecordOfferOutcome', randomUUID(), call.callId, offer.offerId, 'Declined', offer.scriptVersion);
  }
  await connection.invoke('SetDisposition', randomUUID(), call.callId, 'Resolved');
  await connection.invoke('CompleteWrapUp', randomUUID(), call.callId);
}

const names = Array.from({ length: Number(agentCount) }, (_, i) => `benchagent${i + 1}`);
for (let i = 0; i < names.length; i += 5) {
  await Promise.all(names.slice(i, i + 5).map(desktop));
}
console.log('READY');

process.on('SIGTERM', async () => {
  console.log(`DESKTOPS;${wrapUps};${errors}`);
  await Promise.allSettled(connections.map((c) => c.stop()));
  pops.end(() => process.exit(0));
});
