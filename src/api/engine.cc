// Engine: options checked, thesaurus loaded, once.
#include "textrace/engine.h"

#include <filesystem>

namespace textrace {

Engine::Engine(const Options& options, std::shared_ptr<const Thesaurus> thesaurus)
    : options_(options), aligner_thesaurus_(thesaurus), aligner_(options.align, thesaurus) {}

StatusOr<std::shared_ptr<const Engine>> Engine::Create(const Options& options,
                                                       std::shared_ptr<const Thesaurus> thesaurus) {
  RETURN_IF_ERROR(ValidateOptions(options));
  // The language is checked here, once, rather than at the first document.
  ASSIGN_OR_RETURN(auto analyzer, Analyzer::Create(options.analyzer));
  (void)analyzer;
  Options used = options;
  used.thesaurus.synonyms = thesaurus != nullptr;
  return std::shared_ptr<const Engine>(new Engine(used, std::move(thesaurus)));
}

StatusOr<std::shared_ptr<const Engine>> Engine::Create(const Options& options) {
  RETURN_IF_ERROR(ValidateOptions(options));
  ASSIGN_OR_RETURN(auto analyzer, Analyzer::Create(options.analyzer));
  std::shared_ptr<const Thesaurus> thesaurus;
  std::string path;
  std::vector<std::string> warnings;
  if (options.thesaurus.synonyms) {
    path = options.thesaurus.path.empty() ? Thesaurus::DefaultPath() : options.thesaurus.path;
    std::error_code ec;
    if (options.thesaurus.path.empty() && !std::filesystem::exists(path, ec)) {
      warnings.push_back("no thesaurus at " + path +
                         " (install mythes-en-us or name one with --thesaurus); synonyms will "
                         "not be matched");
      path.clear();
    } else {
      ASSIGN_OR_RETURN(thesaurus,
                       Thesaurus::LoadMyThes(path, analyzer.get(), options.thesaurus.max_senses));
    }
  }
  // The options record what was used: the thesaurus file, and no synonyms without one.
  Options used = options;
  used.thesaurus.path = path;
  used.thesaurus.synonyms = thesaurus != nullptr;
  std::shared_ptr<Engine> engine(new Engine(used, std::move(thesaurus)));
  engine->thesaurus_path_ = std::move(path);
  engine->warnings_ = std::move(warnings);
  return std::shared_ptr<const Engine>(std::move(engine));
}

StatusOr<std::unique_ptr<Analyzer>> Engine::NewAnalyzer() const {
  return Analyzer::Create(options_.analyzer);
}

}  // namespace textrace
