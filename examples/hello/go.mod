module github.com/gofyneaction/examples/hello

go 1.22
