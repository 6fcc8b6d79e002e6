package rostering

// StartBuild lets the tests start a build without running it.
var StartBuild = startBuild
