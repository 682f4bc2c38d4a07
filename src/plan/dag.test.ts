import { describe, expect, it } from 'vitest';
import type { Action, Plan } from './action.js';
import { configTest, reload } from './build-command-actions.js';
import { ensureDir } from './build-file-actions.js';
import { createPlan } from './build-plan.js';
import { findCycle, topologicalOrder, validatePlan } from './dag.js';
import { PlanError } from './plan-error.js';
import { dependentsOf, descendantsOf, groupByServer, indexActions, planServers } from './plan-queries.js';

function dir(id: string, server: string, after: string[] = []): Action {
  return ensureDir({ id, server, path: `/srv/${id}`, after });
}

/** A plan built without the checks of `createPlan`, as a damaged stored plan could be. */
function unchecked(actions: Action[]): Plan {
  return { title: 'test plan', actions };
}

function problemsOf(plan: Plan): readonly string[] {
  try {
    validatePlan(plan);
  } catch (error) {
    expect(error).toBeInstanceOf(PlanError);
    return (error as PlanError).problems;
  }
  return [];
}

describe('validatePlan', () => {
  it('accepts a DAG with dependencies across servers', () => {
    expect(problemsOf(unchecked([dir('a', '@db1'), dir('b', '@web1', ['a']), dir('c', '@web1', ['a', 'b'])]))).toEqual([]);
  });

  it('refuses a cycle and names its path', () => {
    const plan = unchecked([dir('a', '@web1', ['c']), dir('b', '@web1', ['a']), dir('c', '@web1', ['b']), dir('d', '@web1')]);
    expect(problemsOf(plan)).toEqual(['dependency cycle: a -> b -> c -> a']);
    expect(() => topologicalOrder(plan)).toThrow('plan "test plan" is invalid: dependency cycle: a -> b -> c -> a');
    expect(() => createPlan('test plan', plan.actions)).toThrow(PlanError);
  });

  it('names only the cycle, not the path that led to it', () => {
    const plan = unchecked([dir('start', '@web1', ['x']), dir('x', '@web1', ['y']), dir('y', '@web1', ['x'])]);
    expect(findCycle(plan)).toEqual(['x', 'y', 'x']);
  });

  it('refuses an action that waits for itself', () => {
    expect(problemsOf(unchecked([dir('a', '@web1', ['a'])]))).toEqual(['dependency cycle: a -> a']);
  });

  it('refuses unknown dependencies, duplicate ids and actions without a server', () => {
    const noServer = { ...dir('c', '@web1'), server: '' };
    const plan = unchecked([dir('a', '@web1', ['ghost']), dir('a', '@web2'), noServer]);
    expect(problemsOf(plan)).toEqual(['duplicate action id a', 'action c has no server', 'action a depends on unknown action ghost']);
    expect(() => validatePlan(plan)).toThrow(/depends on unknown action ghost/);
  });

  it('refuses an action that runs on changes of an action it does not wait for', () => {
    const plan = unchecked([dir('a', '@web1'), dir('b', '@web1'), { ...dir('c', '@web1', ['a']), onlyIfChanged: true, changedBy: ['b'] }]);
    expect(problemsOf(plan)).toEqual(['action c runs on changes of b, which is not in its after list']);
  });

  it('refuses an action without an id', () => {
    expect(problemsOf(unchecked([{ ...dir('a', '@web1'), id: '' }]))).toEqual(['action #1 has no id']);
  });
});

describe('topologicalOrder', () => {
  it('keeps plan order when the plan is already in dependency order', () => {
    const plan = unchecked([dir('a', '@web1'), dir('b', '@db1'), dir('c', '@web1', ['a']), dir('d', '@db1')]);
    expect(topologicalOrder(plan).map((action) => action.id)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('moves an action after its dependencies and otherwise keeps plan order', () => {
    const plan = unchecked([dir('reload', '@web1', ['test']), dir('x', '@web1'), dir('test', '@web1', ['conf']), dir('conf', '@web1'), dir('y', '@web1')]);
    expect(topologicalOrder(plan).map((action) => action.id)).toEqual(['x', 'conf', 'test', 'reload', 'y']);
  });
});

describe('plan queries', () => {
  const plan = createPlan('deploy', [
    dir('conf', '@web2'), dir('db', '@db1'), dir('test', '@web2', ['conf']), dir('reload', '@web2', ['test']),
    dir('install', '@web1', ['db']), dir('other', '@web1'),
  ]);

  it('groups actions by server, servers sorted, each in dependency order', () => {
    const groups = groupByServer(plan);
    expect([...groups.keys()]).toEqual(['@db1', '@web1', '@web2']);
    expect(groups.get('@web2')?.map((action) => action.id)).toEqual(['conf', 'test', 'reload']);
    expect(groups.get('@web1')?.map((action) => action.id)).toEqual(['install', 'other']);
    expect(planServers(plan)).toEqual(['@db1', '@web1', '@web2']);
  });

  it('finds direct and transitive dependents', () => {
    expect(dependentsOf(plan, 'conf')).toEqual(['test']);
    expect(descendantsOf(plan, 'conf')).toEqual(['test', 'reload']);
    expect(descendantsOf(plan, 'db')).toEqual(['install']);
    expect(descendantsOf(plan, 'other')).toEqual([]);
    expect(indexActions(plan).get('install')?.server).toBe('@web1');
  });
});

describe('createPlan reload barrier', () => {
  it('makes every reload wait for every config test of the plan', () => {
    const plan = createPlan('two heads', [
      configTest({ id: 't1', server: '@web1', argv: ['nginx', '-t'] }),
      configTest({ id: 't2', server: '@web2', argv: ['nginx', '-t'] }),
      reload({ id: 'r1', server: '@web1', argv: ['nginx', '-s', 'reload'], after: ['t1'] }),
      reload({ id: 'r2', server: '@web2', argv: ['nginx', '-s', 'reload'], after: ['t2'] }),
    ]);
    expect(plan.actions.find((a) => a.id === 'r1')?.after).toEqual(['t1', 't2']);
    expect(plan.actions.find((a) => a.id === 'r2')?.after).toEqual(['t2', 't1']);
  });
});

describe('createPlan reload barrier with sequential changes', () => {
  it('never makes a reload wait for a config test that comes after it', () => {
    const plan = createPlan('server then site', [
      configTest({ id: 'server-test', server: '@web1', argv: ['nginx', '-t'] }),
      reload({ id: 'server-reload', server: '@web1', argv: ['nginx', '-s', 'reload'], after: ['server-test'] }),
      configTest({ id: 'site-test', server: '@web1', argv: ['nginx', '-t'], after: ['server-reload'] }),
      reload({ id: 'site-reload', server: '@web1', argv: ['nginx', '-s', 'reload'], after: ['site-test'] }),
    ]);
    expect(plan.actions.find((a) => a.id === 'server-reload')?.after).toEqual(['server-test']);
    expect(plan.actions.find((a) => a.id === 'site-reload')?.after).toEqual(['site-test', 'server-test']);
  });
});
