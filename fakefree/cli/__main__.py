from fakefree.cli import main

main()
