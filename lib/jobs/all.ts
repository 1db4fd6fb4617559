// Every job type, registered by importing its file. Workers and the app import this once.
