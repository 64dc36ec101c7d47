// The floor of bench/typing.ui.mjs: the same row shape as Lit Notes' search picker (icon, empty
// label, description, detail, alwaysShow, the three item buttons of Search Papers), 200 rows,
// swapped in on each keystroke with no work in between; `floorPickerPlain` is the same without
// the buttons. The detail line carries the query so the benchmark sees which keystroke a list shows.
const vscode = require('vscode');

function activate(context) {
  const icon = new vscode.ThemeIcon('book');
  const buttons = [
    { iconPath: new vscode.ThemeIcon('note'), tooltip: 'Open or Create Note' },
    { iconPath: new vscode.ThemeIcon('quote'), tooltip: 'Insert Citation' },
    { iconPath: new vscode.ThemeIcon('copy'), tooltip: 'Copy Citation Key' },
  ];
  const floor = (withButtons) => () => {
    const picker = vscode.window.createQuickPick();
    picker.title = 'Quick Pick Floor';
    picker.matchOnDescription = true;
    picker.matchOnDetail = true;
    const items = (value) =>
      Array.from({ length: 200 }, (_, i) => ({
        label: '',
        iconPath: icon,
        description: `Floor paper number ${i} with a title of usual length`,
        detail: `${value} · floor${i} · A. Author, B. Author · 2024`,
        alwaysShow: true,
        ...(withButtons ? { buttons } : {}),
      }));
    picker.onDidChangeValue((value) => {
      setTimeout(() => (picker.items = items(value)), 0); // the same yield as the real picker
    });
    picker.onDidHide(() => picker.dispose());
    picker.items = items('');
    picker.show();
  };
  context.subscriptions.push(
    vscode.commands.registerCommand('litNotesBench.floorPicker', floor(true)),
    vscode.commands.registerCommand('litNotesBench.floorPickerPlain', floor(false)),
  );
}

module.exports = { activate, deactivate() {} };
