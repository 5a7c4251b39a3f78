// Loaded by bench/run.ts into the bot process (node --require) and nowhere else: records, for every POST
// the HTTP server receives, the time from the request event to the response being written (the ack),
// and sends the figures to the benchmark over IPC when asked.
const http = require('node:http');
const { performance } = require('node:perf_hooks');

const durations = [];
const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function (event, ...args) {
  const [req, res] = args;
  if (event === 'request' && req.method === 'POST') {
    const start = performance.now();
    res.on('finish', () => durations.push(performance.now() - start));
  }
  return emit.call(this, event, ...args);
};
process.on('message', (message) => {
  if (message === 'ack-probe:take') process.send?.({ ackProbe: durations.splice(0) });
});
