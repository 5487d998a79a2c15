// The example stacks' web app: a page naming the instance that served it, and /health.
// Runs on Ubuntu 24.04 (Node.js 18). Environment: PORT (default 80); IMDS_ENDPOINT, the
// instance metadata service (default http://169.254.169.254; tests point it elsewhere).
'use strict';

const http = require('http');
const express = require('express');

const port = Number(process.env.PORT || 80);
const imdsEndpoint = (process.env.IMDS_ENDPOINT || 'http://169.254.169.254').replace(/\/+$/, '');
// Off EC2 the metadata service never answers: say "unknown" rather than delay the start.
const IMDS_BUDGET_MS = 1000;

// One IMDS request; resolves to the body on 200, rejects otherwise. http rather than fetch:
// Node 18's fetch prints an experimental-feature warning into the journal.
function imdsRequest(method, path, headers, signal) {
  return new Promise((resolve, reject) => {
    const req = http.request(imdsEndpoint + path, { method, headers, signal }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => { body += chunk; });
      res.on('end', () => {
        if (res.statusCode === 200) resolve(body.trim());
        else reject(new Error(`${method} ${path}: HTTP ${res.statusCode}`));
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

// IMDSv2: a session token first (instances may require it), then the metadata with that token.
async function instanceIdentity() {
  const signal = AbortSignal.timeout(IMDS_BUDGET_MS);
  try {
    const token = await imdsRequest('PUT', '/latest/api/token',
      { 'X-aws-ec2-metadata-token-ttl-seconds': '60' }, signal);
    const get = (path) => imdsRequest('GET', path, { 'X-aws-ec2-metadata-token': token }, signal);
    const [instanceId, availabilityZone] = await Promise.all([
      get('/latest/meta-data/instance-id'),
      get('/latest/meta-data/placement/availability-zone'),
    ]);
    return { instanceId, availabilityZone };
  } catch (err) {
    console.log(`instance metadata unavailable (${err.message}); reporting "unknown"`);
    return { instanceId: 'unknown', availabilityZone: 'unknown' };
  }
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page({ instanceId, availabilityZone }) {
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Converge demo</title></head>
<body>
<h1>Hello from ${escapeHtml(instanceId)}</h1>
<p>Instance <code>${escapeHtml(instanceId)}</code> in availability zone <code>${escapeHtml(availabilityZone)}</code>.</p>
</body>
</html>
`;
}

function createApp(identity) {
  const app = express();
  app.disable('x-powered-by');

  // One line per request, written when the response is finished so it carries the status.
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const forwardedFor = req.get('x-forwarded-for') || '-';
      console.log(`${req.socket.remoteAddress} ${forwardedFor} "${req.method} ${req.originalUrl}" `
        + `${res.statusCode} ${ms.toFixed(1)}ms`);
    });
    next();
  });

  const html = page(identity);
  app.get('/', (req, res) => res.type('html').send(html));
  app.get('/health', (req, res) => res.type('text').send('ok'));
  app.use((req, res) => res.status(404).type('text').send('not found\n'));
  return app;
}

async function main() {
  const identity = await instanceIdentity();
  const server = createApp(identity).listen(port, () => {
    console.log(`listening on port ${port} as ${identity.instanceId} in ${identity.availabilityZone}`);
  });
  server.on('error', (err) => {
    console.error(`cannot listen on port ${port}: ${err.message}`);
    process.exit(1);
  });
  // systemd stops the service with SIGTERM: finish the requests in flight, then exit.
  // closeIdleConnections: Node 18's close() otherwise waits for the load balancer's keep-alive
  // connections to time out, and systemd would end up killing the process.
  process.on('SIGTERM', () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
  });
}

main();
