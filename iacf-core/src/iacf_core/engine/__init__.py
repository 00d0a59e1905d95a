"""The engine: the generation pipeline (spec → stack → files → gates), core's built-in plugin and the project's
own documents (README, DECISIONS.md, manifest). Imports the kernel, the request language and the toolkit."""
