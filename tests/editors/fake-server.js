#!/usr/bin/env node
// A language server that is wrong on purpose, run in place of `candor lsp` to show that
// editors/nvim/check.lua fails when the server misbehaves (a check that cannot fail proves
// nothing). CANDOR_FAKE picks the fault:
//   silent            reads every message and answers none
//   wrong-line        puts undeclared-collection on the first line of the manifest
//   wrong-definition  gets diagnostics right, then answers go to definition with the policy's
//                     `collect location.precise` grant instead of the category's declaration
'use strict';

const path = require('path');

const mode = process.env.CANDOR_FAKE || 'silent';
const root = path.resolve(__dirname, '..', '..');
let buffer = Buffer.alloc(0);

function send(message) {
  const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', ...message }));
  process.stdout.write(`Content-Length: ${body.length}\r\n\r\n`);
  process.stdout.write(body);
}

function diagnosticsFor(uri, text) {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes('content.email'));
  if (line < 0) {
    return [];
  }
  const at = mode === 'wrong-line' ? { line: 0, character: 0 } : {
    line,
    character: lines[line].indexOf('content.email'),
  };
  return [{
    range: { start: at, end: { line: at.line, character: at.character + 13 } },
    severity: 1,
    code: 'undeclared-collection',
    source: 'candor',
    message: '`bing` collects `content.email`, which the policy does not declare',
  }];
}

function handle(message) {
  if (mode === 'silent') {
    return;
  }
  switch (message.method) {
    case 'initialize':
      send({ id: message.id, result: { capabilities: { textDocumentSync: 1, definitionProvider: true } } });
      break;
    case 'textDocument/didOpen': {
      const { uri, text } = message.params.textDocument;
      send({
        method: 'textDocument/publishDiagnostics',
        params: { uri, diagnostics: diagnosticsFor(uri, text) },
      });
      break;
    }
    case 'textDocument/definition': {
      const file = path.join(root, 'policies', 'microsoft.candor');
      const text = require('fs').readFileSync(file, 'utf8').split('\n');
      const line = text.findIndex((l) => /^\s*collect location\.precise/.test(l));
      const character = text[line].indexOf('location.precise');
      send({
        id: message.id,
        result: {
          uri: `file://${file}`,
          range: { start: { line, character }, end: { line, character: character + 16 } },
        },
      });
      break;
    }
    case 'shutdown':
      send({ id: message.id, result: null });
      break;
    case 'exit':
      process.exit(0);
      break;
    default:
      if (message.id !== undefined && message.method) {
        send({ id: message.id, error: { code: -32601, message: `${message.method} is not handled` } });
      }
  }
}

process.stdin.on('data', (chunk) => {
  buffer = Buffer.concat([buffer, chunk]);
  for (;;) {
    const end = buffer.indexOf('\r\n\r\n');
    if (end < 0) {
      return;
    }
    const length = Number(/Content-Length: *(\d+)/i.exec(buffer.subarray(0, end).toString())[1]);
    if (buffer.length < end + 4 + length) {
      return;
    }
    const body = buffer.subarray(end + 4, end + 4 + length).toString();
    buffer = buffer.subarray(end + 4 + length);
    handle(JSON.parse(body));
  }
});
