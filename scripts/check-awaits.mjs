// Every store call outside src/store is awaited (src/store/api.ts): the compiler refuses a `T | Promise<T>` used as
// a value, and this finds the rest, a promise left floating as a statement or tested for truth. Exit 1 on a finding.
// Usage: node scripts/check-awaits.mjs  (type-checks the project: about 20 s)
import ts from 'typescript';

const root = new URL('..', import.meta.url).pathname;
const host = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} };
const config = ts.getParsedCommandLineOfConfigFile(`${root}tsconfig.json`, {}, host);
const program = ts.createProgram(config.fileNames, config.options);
const checker = program.getTypeChecker();
const parts = (type) => (type.isUnion() ? type.types : [type]);
const isPromise = (type) => !!checker.getPropertyOfType(type, 'then');
const mayBePromise = (node) => parts(checker.getTypeAtLocation(node)).some(isPromise);
// `p ? …` on a `Promise | null` asks whether there is one; on a `T | Promise<T>` it forgot an await.
const mixed = (node) => {
  const types = parts(checker.getTypeAtLocation(node));
  const nullish = ts.TypeFlags.Null | ts.TypeFlags.Undefined | ts.TypeFlags.Void;
  return types.some(isPromise) && types.some((t) => !isPromise(t) && !(t.flags & nullish));
};
const handled = (e) => ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === 'catch';
const assigns = (e) =>
  ts.isBinaryExpression(e) && e.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && e.operatorToken.kind <= ts.SyntaxKind.LastAssignment;

const found = [];
for (const file of program.getSourceFiles()) {
  const path = file.fileName.slice(root.length);
  if (!/^(src|commands)\//.test(path)) continue;
  const report = (node, what) => {
    const { line } = file.getLineAndCharacterOfPosition(node.getStart());
    found.push(`${path}:${line + 1}: ${what}: ${node.getText().replace(/\s+/g, ' ').slice(0, 100)}`);
  };
  const visit = (node) => {
    if (ts.isExpressionStatement(node)) {
      const e = node.expression;
      if (!ts.isVoidExpression(e) && !handled(e) && !assigns(e) && mayBePromise(e)) report(node, 'not awaited');
    }
    // A store call answers `T | Promise<T>`: awaited where it is made, or handed back to a caller that awaits it.
    if (ts.isCallExpression(node) && mixed(node)) {
      let up = node.parent;
      while (ts.isParenthesizedExpression(up)) up = up.parent;
      const returned = ts.isReturnStatement(up) || (ts.isArrowFunction(up) && up.body !== node ? false : ts.isArrowFunction(up));
      if (!ts.isAwaitExpression(up) && !returned) report(node, 'store answer not awaited');
    }
    const condition =
      ts.isIfStatement(node) || ts.isWhileStatement(node) ? node.expression : ts.isConditionalExpression(node) ? node.condition : undefined;
    if (condition && mixed(condition)) report(condition, 'promise as a condition');
    if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken && mixed(node.operand))
      report(node, 'promise negated');
    if (
      ts.isBinaryExpression(node) &&
      [ts.SyntaxKind.AmpersandAmpersandToken, ts.SyntaxKind.BarBarToken].includes(node.operatorToken.kind) &&
      mixed(node.left)
    )
      report(node.left, 'promise as a condition');
    ts.forEachChild(node, visit);
  };
  visit(file);
}
console.log(found.length === 0 ? 'every promise outside src/store is awaited' : found.join('\n'));
process.exitCode = found.length === 0 ? 0 : 1;
