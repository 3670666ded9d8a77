// Signs in as an agent with the real @microsoft/signalr client, goes Available, prints READY, then prints the
// first ScreenPop as one line of JSON and signs out. Usage: node screen-pop.mjs <baseUrl> <user> <password>
import { randomUUID } from 'node:crypto';
import * as signalR from '@microsoft/signalr';

const [baseUrl, userName, password] = process.argv.slice(2);
setTimeout(() => { console.error('no ScreenPop within 30 s'); process.exit(3); }, 30_000).unref();

const login = await fetch(`${baseUrl}/api/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ userName, password }),
});
if (!login.ok) {
  console.error(`sign-in failed: ${login.status}`);
  process.exit(2);
}
const { accessToken } = await login.json();

const connection = new signalR.HubConnectionBuilder()
  .withUrl(`${baseUrl}/hubs/agent`, { accessTokenFactory: () => accessToken })
  .configureLogging(signalR.LogLevel.Warning)
  .build();
const pop = new Promise((resolve) => connection.on('ScreenPop', resolve));
for (const target of ['StatusChanged', 'CallStateChanged', 'SlaAlert']) {
  connection.on(target, () => {});
}

await connection.start();
await connection.invoke('SetStatus', randomUUID(), 'Available', null);
console.log('READY');
console.log(JSON.stringify(await pop));
await connection.invoke('SetStatus', randomUUID(), 'LoggedOut', null);
await connection.stop();
