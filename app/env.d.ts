/// <reference types="@remix-run/dev" />
/// <reference types="@remix-run/node" />
/// <reference path="./load-context.ts" />
