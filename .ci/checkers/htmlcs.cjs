// Prints the path of HTML_CodeSniffer's script, for the browser tests to load into each page.
console.log(require.resolve("html_codesniffer/build/HTMLCS.js"));
