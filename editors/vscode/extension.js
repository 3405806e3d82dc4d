// The candor extension: starts `candor lsp` and connects it to VS Code.
"use strict";

const fs = require("fs");
const os = require("os");
const path = require("path");
const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

/**
 * Every file the server reads: policies, candor.yaml, manifests, store declarations and
 * evidence files (made from candor's `src/inputs.rs`; `tests/inputs.rs` keeps it so).
 */
const INPUT_GLOB = "**/{*.candor,candor.yaml,privacy.yaml,privacy.yml,*.privacy.yaml,*.privacy.yml,*.xcprivacy,app_privacy_details.json,data_safety.csv,*.data_safety.csv,*.datasafety.csv,AndroidManifest.xml,Info.plist,*.entitlements,Package.appxmanifest,AppxManifest.xml,Podfile.lock,Package.resolved}";
const DEFAULT_COMMAND = "candor";
const NOT_FOUND =
    "candor was not found: install it with `cargo install --path .` or set candor.path";

/** @type {LanguageClient | undefined} */
let client;
/** @type {vscode.Disposable[]} */
let clientWatchers = [];
/** @type {vscode.OutputChannel | undefined} */
let outputChannel;
/** Start, stop and restart run one after another, never interleaved. */
let queue = Promise.resolve();

function enqueue(task) {
    queue = queue.then(task, task).catch((error) => {
        if (outputChannel) {
            outputChannel.appendLine(`candor: ${error && error.stack ? error.stack : error}`);
        }
    });
    return queue;
}

/**
 * The command that runs the server. `candor.path` is a restricted setting: it is only read in a
 * trusted workspace, where a workspace could not use it to run a program of its choosing.
 */
function resolveCommand() {
    if (!vscode.workspace.isTrusted) {
        return { command: DEFAULT_COMMAND, configured: DEFAULT_COMMAND };
    }
    const configured =
        vscode.workspace.getConfiguration("candor").get("path", DEFAULT_COMMAND).trim() ||
        DEFAULT_COMMAND;
    let command = configured;
    const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
    if (folder) {
        command = command.replace(/\$\{workspaceFolder\}/g, folder.uri.fsPath);
    }
    if (command === "~" || command.startsWith("~/") || command.startsWith("~\\")) {
        command = path.join(os.homedir(), command.slice(1));
    }
    if (hasDirectory(command) && !path.isAbsolute(command) && folder) {
        command = path.resolve(folder.uri.fsPath, command);
    }
    return { command, configured };
}

function hasDirectory(command) {
    return command.includes("/") || (process.platform === "win32" && command.includes("\\"));
}

function isExecutableFile(file) {
    try {
        if (!fs.statSync(file).isFile()) {
            return false;
        }
        if (process.platform !== "win32") {
            fs.accessSync(file, fs.constants.X_OK);
        }
        return true;
    } catch {
        return false;
    }
}

/** Whether `command` names a program that can be started: a path, or a name on PATH. */
function findExecutable(command) {
    const extensions =
        process.platform === "win32"
            ? ["", ...(process.env.PATHEXT || ".COM;.EXE;.BAT;.CMD").split(";").filter(Boolean)]
            : [""];
    const candidates = (base) => extensions.map((ext) => base + ext);
    if (hasDirectory(command) || path.isAbsolute(command)) {
        return candidates(command).some(isExecutableFile);
    }
    const dirs = (process.env.PATH || "").split(path.delimiter).filter(Boolean);
    return dirs.some((dir) => candidates(path.join(dir, command)).some(isExecutableFile));
}

function showNotFound(command, configured) {
    let detail = ` (tried \`${command}\`).`;
    const setting = vscode.workspace.getConfiguration("candor").inspect("path");
    const customised =
        setting &&
        [setting.globalValue, setting.workspaceValue, setting.workspaceFolderValue].some(
            (value) => value !== undefined && value !== DEFAULT_COMMAND,
        );
    if (!vscode.workspace.isTrusted && customised) {
        detail += " candor.path is ignored until this workspace is trusted.";
    } else if (configured !== command) {
        detail = ` (candor.path is \`${configured}\`, tried \`${command}\`).`;
    }
    vscode.window.showErrorMessage(NOT_FOUND + detail, "Open Settings").then((choice) => {
        if (choice === "Open Settings") {
            vscode.commands.executeCommand("workbench.action.openSettings", "candor.path");
        }
    });
}

async function startClient() {
    const { command, configured } = resolveCommand();
    if (!findExecutable(command)) {
        outputChannel.appendLine(`candor: \`${command}\` not found; the language server is not running.`);
        showNotFound(command, configured);
        return;
    }

    const folder = vscode.workspace.workspaceFolders && vscode.workspace.workspaceFolders[0];
    /** @type {import("vscode-languageclient/node").ServerOptions} */
    const serverOptions = {
        command,
        args: ["lsp"],
        transport: TransportKind.stdio,
        options: folder ? { cwd: folder.uri.fsPath } : {},
    };

    clientWatchers = [
        vscode.workspace.createFileSystemWatcher(INPUT_GLOB),
    ];

    /** @type {import("vscode-languageclient/node").LanguageClientOptions} */
    const clientOptions = {
        documentSelector: [
            { language: "candor" },
            { scheme: "file", pattern: INPUT_GLOB },
        ],
        synchronize: { fileEvents: clientWatchers },
        outputChannel,
    };

    let next;
    try {
        next = new LanguageClient("candor", "candor", serverOptions, clientOptions);
        client = next;
        await next.start();
    } catch (error) {
        if (client === next) {
            client = undefined;
        }
        disposeWatchers();
        outputChannel.appendLine(`candor: the language server did not start: ${error}`);
        // The client has already reported the failure in the output channel and a notification;
        // a missing binary also gets the hint on how to install it.
        if (/\bENOENT\b/.test(String(error && error.message ? error.message : error))) {
            showNotFound(command, configured);
        }
    }
}

function disposeWatchers() {
    for (const watcher of clientWatchers) {
        watcher.dispose();
    }
    clientWatchers = [];
}

async function stopClient() {
    const current = client;
    client = undefined;
    if (current) {
        try {
            await current.stop(2000);
        } catch {
            // The server may already have exited.
        }
    }
    disposeWatchers();
}

function restart() {
    return enqueue(async () => {
        await stopClient();
        await startClient();
    });
}

/** @param {vscode.ExtensionContext} context */
function activate(context) {
    outputChannel = vscode.window.createOutputChannel("candor");
    context.subscriptions.push(
        outputChannel,
        vscode.commands.registerCommand("candor.restartServer", restart),
        vscode.workspace.onDidChangeConfiguration((event) => {
            if (event.affectsConfiguration("candor.path")) {
                restart();
            }
        }),
        vscode.workspace.onDidGrantWorkspaceTrust(restart),
    );
    // Not awaited: activation does not wait for the server to answer.
    enqueue(startClient);
}

function deactivate() {
    return enqueue(stopClient);
}

module.exports = { activate, deactivate };
