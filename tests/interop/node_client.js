// A realistic client session in Node with protos loaded at run time
// (@grpc/grpc-js and @grpc/proto-loader from the npm registry).
//   node node_client.js HOST:PORT API_KEY REPO_ROOT
'use strict';
const path = require('path');
const crypto = require('crypto');
const [address, key, root] = process.argv.slice(2);
const grpc = require(path.join(root, 'node_modules/@grpc/grpc-js'));
const loader = require(path.join(root, 'node_modules/@grpc/proto-loader'));

const googleapis = path.join(root, 'node_modules/google-proto-files');
const definition = loader.loadSync(
    ['supportbytime/v1/package_service.proto', 'supportbytime/v1/account_service.proto',
     'supportbytime/v1/ticket_service.proto', 'supportbytime/v1/time_log_service.proto',
     'supportbytime/v1/billing_service.proto', 'supportbytime/v1/history_service.proto'],
    {includeDirs: [path.join(root, 'protos'), googleapis], keepCase: true, longs: String,
     enums: String, defaults: true});
const proto = grpc.loadPackageDefinition(definition);
const v1 = proto.supportbytime.v1;

function call(client, method, request) {
  const metadata = new grpc.Metadata();
  metadata.add('authorization', 'Bearer ' + key);
  return new Promise((resolve, reject) =>
      client[method](request, metadata, {deadline: Date.now() + 10000},
                     (err, response) => err ? reject(err) : resolve(response)));
}

function expect(condition, message) {
  if (!condition) {
    console.log('FAILED: ' + message);
    process.exit(1);
  }
}

// The ErrorInfo reason inside grpc-status-details-bin (a google.rpc.Status).
function reasonOf(err) {
  const protobuf = require(path.join(root, 'node_modules/protobufjs'));
  const types = new protobuf.Root();
  types.resolvePath = (origin, target) =>
      target.startsWith('google/protobuf/') ? target : path.join(googleapis, target);
  types.loadSync(['google/rpc/status.proto', 'google/rpc/error_details.proto'], {keepCase: true});
  const status = types.lookupType('google.rpc.Status')
                     .decode(err.metadata.get('grpc-status-details-bin')[0]);
  const ErrorInfo = types.lookupType('google.rpc.ErrorInfo');
  for (const any of status.details) {
    if (any.type_url.endsWith('/google.rpc.ErrorInfo')) return ErrorInfo.decode(any.value).reason;
  }
  return '';
}

async function main() {
  const creds = grpc.credentials.createInsecure();
  const packages = new v1.PackageService(address, creds);
  const accounts = new v1.AccountService(address, creds);
  const pkg = await call(packages, 'CreatePackage', {
    request_id: crypto.randomUUID(),
    package: {
      display_name: 'Extra Support',
      terms: {
        billing_cycle: 'BILLING_CYCLE_MONTHLY', included_minutes: 60, billing_increment_minutes: 15,
        prices: [{currency_code: 'EUR', period_price: {currency_code: 'EUR', units: '30'},
                  overage_hourly_rate: {currency_code: 'EUR', units: '40'}}],
      },
    },
  });
  expect(pkg.current_version === 1, 'package version 1');
  console.log('package', pkg.name);
  const client = await call(accounts, 'CreateClient', {
    request_id: crypto.randomUUID(),
    client: {display_name: 'Acme (Node)', currency_code: 'EUR', time_zone: 'Europe/Berlin'},
  });
  expect(client.time_zone === 'Europe/Berlin', 'time zone kept');
  const sub = await call(accounts, 'CreateSubscription', {
    request_id: crypto.randomUUID(), parent: client.name, subscription: {package: pkg.name},
  });
  expect(sub.state === 'SUBSCRIPTION_STATE_PENDING', 'pending subscription');
  console.log('subscription', sub.name, sub.state);
  try {
    await call(accounts, 'SuspendSubscription', {name: sub.name, request_id: crypto.randomUUID()});
    expect(false, 'suspending a PENDING subscription must be refused');
  } catch (err) {
    expect(err.code === grpc.status.FAILED_PRECONDITION, 'FAILED_PRECONDITION, got ' + err.code);
    const reason = reasonOf(err);
    expect(reason === 'INVALID_STATE_TRANSITION', 'ErrorInfo reason, got ' + reason);
    console.log('refusal FAILED_PRECONDITION INVALID_STATE_TRANSITION');
  }

  // Once paid: activate, open a ticket and log time on it.
  const active = await call(accounts, 'ActivateSubscription',
                            {name: sub.name, request_id: crypto.randomUUID()});
  expect(active.state === 'SUBSCRIPTION_STATE_ACTIVE', 'active subscription');
  const tickets = new v1.TicketService(address, creds);
  const ticket = await call(tickets, 'CreateTicket', {
    request_id: crypto.randomUUID(), parent: client.name,
    ticket: {subscription: sub.name, title: 'Printer offline'},
  });
  console.log('ticket', ticket.name, '#' + ticket.number);
  const timeLog = new v1.TimeLogService(address, creds);
  // 40 minutes in 15-minute increments: 45 billed (R4).
  const entry = await call(timeLog, 'CreateTimeEntry', {
    request_id: crypto.randomUUID(), parent: ticket.name, time_entry: {minutes: 40, note: 'driver'},
  });
  expect(entry.billed_minutes === 45, 'billed 45, got ' + entry.billed_minutes);
  console.log('time entry', entry.name, entry.minutes, '->', entry.billed_minutes);

  const billing = new v1.BillingService(address, creds);
  const usage = await call(billing, 'GetCurrentUsage', {name: sub.name + '/usage'});
  expect(usage.used_minutes === 45 && usage.raw_minutes === 40, 'used 45 of raw 40');
  expect(usage.included_minutes === 60 && usage.left_minutes === 15, '15 left of 60');
  expect(usage.percent_used === 75, '75 %, got ' + usage.percent_used);
  expect(usage.level === 'USAGE_LEVEL_OK', 'below the 80 % threshold: ' + usage.level);
  console.log('usage', usage.used_minutes, 'of', usage.included_minutes, usage.level);

  const history = new v1.HistoryService(address, creds);
  const summary = await call(history, 'GetMonthSummary', {name: usage.period + '/summary'});
  for (const field of ['included_minutes', 'used_minutes', 'raw_minutes', 'left_minutes',
                       'overage_minutes', 'percent_used', 'level']) {
    expect(summary[field] === usage[field],
           `summary ${field} ${summary[field]}, usage ${usage[field]}`);
  }
  expect(summary.month.year === usage.month.year && summary.month.month === usage.month.month,
         'the usage\'s month');
  expect(summary.state === 'PERIOD_STATE_OPEN', 'the current month is open');
  expect(summary.ticket_count === 1 && summary.entry_count === 1, 'one ticket, one entry');
  console.log('month summary', summary.name, summary.used_minutes, 'of', summary.included_minutes);
  console.log('node interop: ok');
}

main().catch((err) => {
  console.log('FAILED: ' + err.message);
  process.exit(1);
});
