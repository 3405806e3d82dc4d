-- Drives `candor lsp` from Neovim's own LSP client, so the server is checked over real stdio by
-- a client that candor's tests do not share code with.
--
--   CANDOR_BIN=target/release/candor \
--     nvim --headless --noplugin -u NONE -i NONE -n -c 'luafile editors/nvim/check.lua'
--
-- Checks, each with a timeout:
--   1. the server answers `initialize`;
--   2. an example manifest with an undeclared collection gets that diagnostic on the right line;
--   3. a clean example manifest gets no error;
--   4. go to definition on a category id lands on the line of the policy that declares it;
--   5. a Play data safety CSV and an Android manifest get their findings (store and evidence
--      files, attached by the same names as the README's set-up);
--   6. the server exits after `shutdown` and `exit`.
-- Exits 0 only when every check passes. Neovim 0.7 is the oldest supported (Debian 12 ships
-- it), so this sticks to `vim.lsp.start_client`; `vim.lsp.start` came in 0.8.

local uv = vim.loop

local function out(msg)
  io.stdout:write('nvim: ' .. msg .. '\n')
  io.stdout:flush()
end

-- Errors raised with `fail` are check failures; anything else is a bug in this script, and the
-- traceback is printed with it.
local Failure = {}
local function fail(msg)
  error(setmetatable({ msg = msg }, Failure), 0)
end

local script = debug.getinfo(1, 'S').source:gsub('^@', '')
local root = vim.fn.fnamemodify(script, ':p:h:h:h')
local timeout_ms = tonumber(os.getenv('CANDOR_LSP_TIMEOUT_MS') or '') or 5000

local function abs(path)
  if path:sub(1, 1) == '/' then
    return path
  end
  return root .. '/' .. path
end

local bin = abs(os.getenv('CANDOR_BIN') or 'target/release/candor')

-- The files candor reads, as the README's Neovim set-up matches them (made from candor's
-- `src/inputs.rs`; `tests/inputs.rs` keeps both the same).
local names = { "candor.yaml", "privacy.yaml", "privacy.yml", "app_privacy_details.json", "data_safety.csv", "AndroidManifest.xml", "Info.plist", "Package.appxmanifest", "AppxManifest.xml", "Podfile.lock", "Package.resolved" }
local endings = { ".candor", ".privacy.yaml", ".privacy.yml", ".xcprivacy", ".data_safety.csv", ".datasafety.csv", ".entitlements" }
local function is_input(name)
  for _, n in ipairs(names) do
    if name == n then
      return true
    end
  end
  for _, e in ipairs(endings) do
    if #name > #e and name:sub(-#e) == e then
      return true
    end
  end
  return false
end
local store_file = abs('examples/violations/apps/weather-android/data_safety.csv')
local evidence_file =
  abs('examples/violations/apps/location-undisclosed/app/src/main/AndroidManifest.xml')
local undeclared_manifest = abs('examples/violations/undeclared-collection.privacy.yaml')
local clean_manifest = abs('examples/services/bing/search-api/privacy.yaml')

local function elapsed_ms(since)
  return math.floor((uv.hrtime() - since) / 1e6)
end

-- The server's standard error goes to Neovim's LSP log; on a failure it is often the only
-- explanation, so it is quoted back.
local function server_stderr()
  local ok, lines = pcall(vim.fn.readfile, vim.lsp.get_log_path())
  if not ok then
    return {}
  end
  local found = {}
  for _, line in ipairs(lines) do
    local chunk = line:match('"stderr"%s+(.*)$')
    if chunk then
      table.insert(found, chunk)
    end
  end
  return vim.list_slice(found, math.max(1, #found - 19))
end

local function find_line(lines, pattern)
  for i, line in ipairs(lines) do
    local col = line:find(pattern)
    if col then
      return i - 1, col - 1
    end
  end
  return nil
end

-- Where the policy declares `location.precise`: the `precise` line inside `category location`.
-- Found by reading the policy, not hard-coded, so editing the policy does not break the check,
-- while a server that answers with the `collect location.precise` reference still fails it.
local function precise_declaration()
  for _, file in ipairs(vim.fn.globpath(root .. '/policies', '**/*.candor', false, true)) do
    local in_location = false
    for i, line in ipairs(vim.fn.readfile(file)) do
      if line:match('^%s*category%s+location[%s{"]') then
        in_location = true
      elseif in_location and line:match('^%s*}') then
        in_location = false
      elseif in_location and line:match('^%s*precise[%s"]') then
        return vim.fn.resolve(file), i - 1
      end
    end
  end
  fail('no declaration of location.precise under ' .. root .. '/policies')
end

local function describe(diagnostics)
  local parts = {}
  for _, d in ipairs(diagnostics) do
    table.insert(parts, string.format('  %d:%d %s: %s', d.range.start.line + 1,
      d.range.start.character + 1, tostring(d.code), d.message))
  end
  if #parts == 0 then
    return '  (none)'
  end
  return table.concat(parts, '\n')
end

local client_id
local exited = nil
local published = {} -- uri -> the diagnostics of the latest publish

local function run()
  if vim.fn.executable(bin) ~= 1 then
    fail(bin .. ' is not an executable file (set CANDOR_BIN)')
  end
  out('server: ' .. bin .. ' lsp')

  local started = uv.hrtime()
  local initialized = false
  client_id = vim.lsp.start_client({
    name = 'candor',
    cmd = { bin, 'lsp' },
    cmd_cwd = root,
    root_dir = root,
    on_init = function()
      initialized = true
    end,
    on_exit = function(code, signal)
      exited = { code = code, signal = signal }
    end,
    handlers = {
      ['textDocument/publishDiagnostics'] = function(_, result)
        published[result.uri] = result.diagnostics
      end,
    },
  })
  if not client_id then
    fail('Neovim could not start ' .. bin)
  end

  vim.wait(timeout_ms, function()
    return initialized or exited ~= nil
  end, 10)
  if not initialized then
    if exited then
      fail(string.format('the server exited (code %d, signal %d) without answering initialize',
        exited.code, exited.signal))
    end
    fail(string.format('no answer to initialize within %d ms', timeout_ms))
  end
  out(string.format('ok: initialize answered in %d ms', elapsed_ms(started)))

  -- Each manifest is opened as the editor would: a buffer, attached to the client, which sends
  -- textDocument/didOpen with the buffer's text.
  local function open(path)
    if not is_input(vim.fn.fnamemodify(path, ':t')) then
      fail(path .. ' is not a file the set-up attaches candor to')
    end
    vim.cmd('edit ' .. vim.fn.fnameescape(path))
    local bufnr = vim.api.nvim_get_current_buf()
    if path:match('%.ya?ml$') then
      vim.api.nvim_buf_set_option(bufnr, 'filetype', 'yaml')
    end
    vim.lsp.buf_attach_client(bufnr, client_id)
    return bufnr, vim.uri_from_bufnr(bufnr)
  end

  local function wait_for(uri, accept)
    local since = uv.hrtime()
    vim.wait(timeout_ms, function()
      return published[uri] ~= nil and accept(published[uri])
    end, 10)
    return published[uri], elapsed_ms(since)
  end

  -- 2. The undeclared collection in the example is `content.email`.
  local bufnr, uri = open(undeclared_manifest)
  local want_line, want_col =
    find_line(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), 'content%.email')
  if not want_line then
    fail(undeclared_manifest .. ' no longer collects content.email; update this check')
  end
  local function has_finding(diagnostics)
    for _, d in ipairs(diagnostics) do
      if d.code == 'undeclared-collection' and d.range.start.line == want_line
        and d.range.start.character == want_col then
        return true
      end
    end
    return false
  end
  local diagnostics, took = wait_for(uri, has_finding)
  if diagnostics == nil then
    fail(string.format('no textDocument/publishDiagnostics for %s within %d ms', uri, timeout_ms))
  end
  if not has_finding(diagnostics) then
    fail(string.format('expected undeclared-collection at %d:%d of %s; the server published:\n%s',
      want_line + 1, want_col + 1, undeclared_manifest, describe(diagnostics)))
  end
  if #diagnostics ~= 1 then
    fail(string.format('expected undeclared-collection alone in %s; the server published:\n%s',
      undeclared_manifest, describe(diagnostics)))
  end
  out(string.format('ok: undeclared-collection at %d:%d in %d ms', want_line + 1, want_col + 1,
    took))

  -- 3. Nothing in the clean manifest is an error (vague-disclosure advice would be allowed).
  bufnr, uri = open(clean_manifest)
  diagnostics, took = wait_for(uri, function()
    return true
  end)
  if diagnostics == nil then
    fail(string.format('no textDocument/publishDiagnostics for %s within %d ms', uri, timeout_ms))
  end
  for _, d in ipairs(diagnostics) do
    if d.severity == vim.lsp.protocol.DiagnosticSeverity.Error then
      fail(string.format('expected no error in %s; the server published:\n%s', clean_manifest,
        describe(diagnostics)))
    end
  end
  out(string.format('ok: %d diagnostics, no error, in the clean manifest in %d ms',
    #diagnostics, took))

  -- 4. Go to definition from the middle of a dotted category id.
  local line, col = find_line(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false),
    'location%.precise')
  if not line then
    fail(clean_manifest .. ' no longer collects location.precise; update this check')
  end
  local want_file, want_decl = precise_declaration()
  local params = {
    textDocument = { uri = uri },
    position = { line = line, character = col + #'location.pre' },
  }
  local answer = nil
  started = uv.hrtime()
  local client = vim.lsp.get_client_by_id(client_id)
  client.request('textDocument/definition', params, function(err, result)
    answer = { err = err, result = result }
  end, bufnr)
  vim.wait(timeout_ms, function()
    return answer ~= nil
  end, 10)
  if answer == nil then
    fail(string.format('no answer to textDocument/definition within %d ms', timeout_ms))
  end
  if answer.err then
    fail('textDocument/definition failed: ' .. vim.inspect(answer.err))
  end
  local location = answer.result
  if type(location) == 'table' and vim.tbl_islist(location) then
    if #location ~= 1 then
      fail('expected one definition of location.precise, got ' .. vim.inspect(location))
    end
    location = location[1]
  end
  if type(location) ~= 'table' then
    fail('no definition for location.precise (the server answered ' .. vim.inspect(location) .. ')')
  end
  local target_uri = location.uri or location.targetUri
  local range = location.range or location.targetSelectionRange
  local target = vim.fn.resolve(vim.uri_to_fname(target_uri))
  if target ~= want_file or range.start.line ~= want_decl then
    fail(string.format('definition of location.precise: expected %s:%d, got %s:%d', want_file,
      want_decl + 1, target, range.start.line + 1))
  end
  local declared = vim.fn.readfile(target)[want_decl + 1]
  if declared:sub(range.start.character + 1, range.start.character + #'precise') ~= 'precise' then
    fail(string.format('definition of location.precise points at column %d of %s:%d, not at the id',
      range.start.character + 1, target, want_decl + 1))
  end
  out(string.format('ok: definition of location.precise is %s:%d in %d ms',
    vim.fn.fnamemodify(target, ':.'), want_decl + 1, elapsed_ms(started)))

  -- 5. Store declarations and evidence files are inputs too: their findings reach the editor.
  for _, case in ipairs({
    { store_file, 'undeclared-purpose' },
    { evidence_file, 'undisclosed-evidence' },
  }) do
    local path, code = case[1], case[2]
    local _, file_uri = open(path)
    local function has_code(found)
      for _, d in ipairs(found) do
        if d.code == code then
          return true
        end
      end
      return false
    end
    local found, waited = wait_for(file_uri, has_code)
    if found == nil or not has_code(found) then
      fail(string.format('expected %s in %s; the server published:\n%s', code, path,
        found and describe(found) or 'nothing'))
    end
    out(string.format('ok: %s in %s in %d ms', code, vim.fn.fnamemodify(path, ':t'), waited))
  end

  -- 6. A server that outlives its editor is a leaked process per editor session.
  started = uv.hrtime()
  vim.lsp.stop_client(client_id)
  vim.wait(timeout_ms, function()
    return exited ~= nil
  end, 10)
  if exited == nil then
    fail(string.format('the server did not exit within %d ms of shutdown and exit', timeout_ms))
  end
  if exited.code ~= 0 or exited.signal ~= 0 then
    fail(string.format('the server exited with code %d, signal %d after shutdown and exit',
      exited.code, exited.signal))
  end
  out(string.format('ok: the server exited with code 0 in %d ms', elapsed_ms(started)))
end

local ok, err = xpcall(run, function(e)
  if getmetatable(e) == Failure then
    return e
  end
  return debug.traceback(tostring(e), 2)
end)

if ok then
  out('all checks passed')
  vim.cmd('qall!')
end

local msg = getmetatable(err) == Failure and err.msg or ('error in check.lua: ' .. tostring(err))
-- Neovim's own messages on standard error end without a newline.
io.stderr:write('\nnvim: FAIL: ' .. msg .. '\n')
local stderr = server_stderr()
if #stderr > 0 then
  io.stderr:write('nvim: the server\'s standard error (last lines):\n')
  for _, line in ipairs(stderr) do
    io.stderr:write('  ' .. line .. '\n')
  end
end
io.stderr:flush()
if client_id and exited == nil then
  vim.lsp.stop_client(client_id, true)
end
vim.cmd('cquit 1')
