/** An account's own object in the same namespace as the modules' (module ids never start with "account:"). */
export function accountObject(env: Env, accountId: string) {
  const namespace = env.MODULE_AUTHORITY;
  return namespace.get(namespace.idFromName(`account:${accountId}`));
}
