from albumfaces.cli import main

main()
