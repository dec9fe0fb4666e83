# shellcheck shell=sh
# Source it (`. tools/lambda-node.sh && pnpm test`): runs what follows on Node.js 24, the major of
# Lambda's nodejs24.x, when the machine's own node is another major. The machine's Node is left as
# it is: Node 24 is fetched once from the npm registry (node-<os>-<arch>, a plain tarball holding
# bin/node, verified by npm against the registry's integrity hash) into the user's cache, and put
# first on this shell's PATH only. npm, pnpm and every tool started from this shell then run on it
# through their `#!/usr/bin/env node` line. Silent when there is nothing to do; a failure says what
# failed and returns non-zero, so that `&&` stops (it returns rather than exits: a sourced exit would
# close the user's shell).

lambda_node() {
  # shellcheck disable=SC3043 # dash, bash and zsh all have local
  local lambda_node_version lambda_node_platform lambda_node_home lambda_node_partial
  lambda_node_version=24.22.3
  case "$(node -v 2>/dev/null)" in
    v"${lambda_node_version%%.*}".*) return 0 ;;
  esac
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) lambda_node_platform=linux-x64 ;;
    Linux-aarch64 | Linux-arm64) lambda_node_platform=linux-arm64 ;;
    *)
      echo "lambda-node: no Node.js $lambda_node_version package for $(uname -s) $(uname -m) in the npm registry; install Node.js 24 yourself (e.g. nvm install 24)" >&2
      return 1
      ;;
  esac
  lambda_node_home="${XDG_CACHE_HOME:-$HOME/.cache}/ecommerce-order-pipeline/node-$lambda_node_version"
  if [ ! -x "$lambda_node_home/bin/node" ]; then
    command -v npm >/dev/null 2>&1 || {
      echo "lambda-node: npm is needed to fetch Node.js $lambda_node_version from the npm registry, and there is none on PATH" >&2
      return 1
    }
    echo "lambda-node: fetching Node.js $lambda_node_version (node-$lambda_node_platform) from the npm registry into $lambda_node_home, once" >&2
    mkdir -p "${lambda_node_home%/*}" || return 1
    # Unpacked beside its final place and moved there whole, so that a run stopped half-way, or two
    # shells fetching at once, never leave a half-written Node behind.
    lambda_node_partial=$(mktemp -d "$lambda_node_home.partial.XXXXXX") || return 1
    if ! (cd "$lambda_node_partial" && npm pack "node-$lambda_node_platform@$lambda_node_version" --silent >/dev/null &&
      tar -xzf "node-$lambda_node_platform-$lambda_node_version.tgz" &&
      [ "$(package/bin/node -v)" = "v$lambda_node_version" ]); then
      rm -rf "$lambda_node_partial"
      echo "lambda-node: could not fetch and run Node.js $lambda_node_version (npm pack node-$lambda_node_platform@$lambda_node_version)" >&2
      return 1
    fi
    # -T: never into a folder that another shell put there first (then that one is used).
    mv -T "$lambda_node_partial/package" "$lambda_node_home" 2>/dev/null || [ -x "$lambda_node_home/bin/node" ] || {
      rm -rf "$lambda_node_partial"
      echo "lambda-node: could not move Node.js $lambda_node_version into $lambda_node_home" >&2
      return 1
    }
    rm -rf "$lambda_node_partial"
  fi
  PATH="$lambda_node_home/bin:$PATH"
  export PATH
  [ "$(node -v 2>/dev/null)" = "v$lambda_node_version" ] || {
    echo "lambda-node: $lambda_node_home/bin/node is first on PATH but does not answer v$lambda_node_version" >&2
    return 1
  }
}

# Leaves nothing behind in the sourcing shell but its PATH; the status is lambda_node's.
if lambda_node; then unset -f lambda_node; else unset -f lambda_node && false; fi
