/**
 * Python's `builtins` module: the built-in exceptions Twisted's APIs raise,
 * for learner code that catches them by type
 * (`import { OSError } from "builtins"`, then `e instanceof OSError` where
 * Python writes `except OSError:`).
 */
export {
  AssertionError,
  AttributeError,
  FileNotFoundError,
  IndexError,
  IsADirectoryError,
  NotADirectoryError,
  OSError,
  PermissionError,
  RuntimeError,
  UnicodeDecodeError,
  ValueError,
} from "../twisted/python/builtins";
