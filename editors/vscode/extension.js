// Starts `g2g lsp` for the YAML files of the workspace. g2g answers only for files inside a
// plan folder (a folder holding plan.yaml) and leaves every other YAML file alone.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate() {
  const command = vscode.workspace.getConfiguration("g2g").get("command") || "g2g";
  client = new LanguageClient(
    "g2g",
    "g2g plan files",
    { command, args: ["lsp"] },
    { documentSelector: [{ scheme: "file", language: "yaml" }] }
  );
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
