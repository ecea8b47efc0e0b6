/**
 * The Python the tests use: moto_server for the contract suites, and the botocore that moto installs for the API
 * models. One interpreter for both, so that one install serves every suite.
 */

/** How to get moto and its server (and botocore with it), as README.md and CONTRIBUTING.md say. */
export const MOTO_INSTALL = 'pip install "moto[server]>=5,<6"';

/** The Python to run: ECS_STOPS_MOTO_PYTHON (a virtualenv's python, say), else `python3` on PATH. */
export function motoPython(env: NodeJS.ProcessEnv = process.env): string {
    return env.ECS_STOPS_MOTO_PYTHON?.trim() || "python3";
}
